import { RuntimeError } from '../errors.js';
import type { EstablishedSession, FrameChannel, Handshake } from './handshake.js';

/**
 * Runs `handshake` over `channel`, failing with HANDSHAKE_TIMEOUT after `timeoutMs`. Any failure
 * that is not already a RuntimeError becomes HANDSHAKE_FAILED with the cause's code.
 */
export async function runHandshakeWithTimeout(
  handshake: Handshake,
  channel: FrameChannel,
  timeoutMs: number,
): Promise<EstablishedSession> {
  const { remoteAddress } = channel;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new RuntimeError('HANDSHAKE_TIMEOUT', `handshake with ${remoteAddress} timed out`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([handshake(channel), timeout]);
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    const cause =
      error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error);
    throw new RuntimeError(
      'HANDSHAKE_FAILED',
      `handshake with ${remoteAddress} failed: ${String(error)}`,
      { remoteAddress, cause },
    );
  } finally {
    clearTimeout(timer);
  }
}
