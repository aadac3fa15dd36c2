import { CliError } from '../cli-error.js';

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last: ${lastError.message})` : '';
      throw new CliError('TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${last}`, {
        ...(lastError === undefined ? {} : { lastError: String(lastError) }),
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
