/** A cleanup step run on shutdown; steps run in reverse registration order. */
export type ShutdownStep = () => Promise<void> | void;

export interface GracefulShutdown {
  /** Registers a step; the last registered runs first (like nested `finally` blocks). */
  add(step: ShutdownStep): void;
  /** Runs every step once, then resolves. Safe to call many times. */
  run(reason: string): Promise<void>;
}

/**
 * Runs cleanup steps on SIGINT/SIGTERM (or on demand) and exits. A step that hangs is cut off
 * after `timeoutMs` so that a stuck socket never keeps the process alive.
 */
export function installGracefulShutdown(
  options: { timeoutMs?: number; exit?: boolean; onStep?: (error: unknown) => void } = {},
): GracefulShutdown {
  const steps: ShutdownStep[] = [];
  let running: Promise<void> | undefined;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const shutdown: GracefulShutdown = {
    add(step) {
      steps.push(step);
    },
    run(_reason) {
      running ??= (async () => {
        const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
        const all = (async () => {
          for (const step of [...steps].reverse()) {
            try {
              await step();
            } catch (error) {
              options.onStep?.(error);
            }
          }
        })();
        await Promise.race([all, deadline]);
        if (options.exit !== false) process.exit(0);
      })();
      return running;
    },
  };
  process.once('SIGINT', () => void shutdown.run('SIGINT'));
  process.once('SIGTERM', () => void shutdown.run('SIGTERM'));
  return shutdown;
}
