import type { SecureConnection } from './secure-connection.js';

export interface BackoffPolicy {
  /** First delay; default 100 ms. */
  readonly initialDelayMs?: number;
  /** Cap on the delay; default 10 s. */
  readonly maxDelayMs?: number;
  /** Growth per failed attempt; default 2. */
  readonly factor?: number;
  /** Random source in [0,1) for full jitter; default Math.random. */
  readonly random?: () => number;
}

/**
 * Delay before attempt `attempt` (0-based): "full jitter" exponential backoff, i.e. uniform in
 * [0, min(max, initial·factor^attempt)], which spreads a crowd of reconnecting clients apart.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = {}): number {
  const initial = policy.initialDelayMs ?? 100;
  const max = policy.maxDelayMs ?? 10_000;
  const factor = policy.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.min(attempt, 64));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

export interface ReconnectingConnection<P> {
  /** The live connection, if one is up. */
  readonly current: SecureConnection<P> | undefined;
  /** Sends on the live connection; returns false (packet dropped) while disconnected. */
  send(packet: P): boolean;
  /** Stops reconnecting and closes the live connection. */
  close(): Promise<void>;
}

export interface ReconnectOptions<P> extends BackoffPolicy {
  /** Opens one connection (e.g. `() => connectSecure(opts)`). */
  readonly connect: () => Promise<SecureConnection<P>>;
  /** Each time a connection comes up (first time and after every reconnect). */
  readonly onConnect?: (connection: SecureConnection<P>) => void;
  readonly onDisconnect?: (error?: Error) => void;
  readonly onAttemptFailed?: (error: unknown, attempt: number, nextDelayMs: number) => void;
}

/** Keeps one connection up, reconnecting with exponential backoff + jitter after any loss. */
export function reconnecting<P>(options: ReconnectOptions<P>): ReconnectingConnection<P> {
  let current: SecureConnection<P> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tryConnect(), delay);
  };
  const tryConnect = async () => {
    if (stopped) return;
    try {
      const connection = await options.connect();
      if (stopped) {
        await connection.close();
        return;
      }
      attempt = 0;
      current = connection;
      connection.onClose((err) => {
        if (current === connection) current = undefined;
        options.onDisconnect?.(err);
        schedule(backoffDelay(attempt++, options));
      });
      options.onConnect?.(connection);
    } catch (error) {
      const delay = backoffDelay(attempt++, options);
      options.onAttemptFailed?.(error, attempt, delay);
      schedule(delay);
    }
  };
  void tryConnect();
  return {
    get current() {
      return current;
    },
    send(packet) {
      if (current === undefined || current.closed) return false;
      current.send(packet);
      return true;
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      await current?.close();
    },
  };
}
