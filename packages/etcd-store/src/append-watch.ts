import { StoreError } from '@qcos/interface';
import type { Etcd3, Watcher } from 'etcd3';

/** The append signal of one log instance: one etcd watch of the head key, shared by its feeds. */
export interface AppendWatch {
  /**
   * Calls `listener` on every write of the head key (an append through any member), when the
   * watch reconnects, and every poll interval. Starts the watch with the first listener.
   */
  onAppend(listener: () => void): () => void;
  /**
   * Resolves once the watch is established on the server, so that every append committed after
   * this resolves is signalled; rejects STORE_UNAVAILABLE if that takes longer than the timeout.
   */
  established(): Promise<void>;
  /** Forgets every listener and cancels the watch; later `onAppend` calls do nothing. */
  close(): Promise<void>;
}

export function appendWatch(
  client: Etcd3,
  key: string,
  pollIntervalMs: number,
  timeoutMs: number,
): AppendWatch {
  const listeners = new Set<() => void>();
  let watcher: Promise<Watcher> | undefined;
  let closed = false;
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const start = (): Promise<Watcher> => {
    const created = client
      .watch()
      .key(key)
      .create()
      .then((w) => w.on('put', notify).on('connected', notify));
    // A watch that failed to start is started again by the next read that needs it.
    created.catch(() => {
      // Stryker disable next-line ConditionalExpression: equivalent, nothing else sets `watcher` while a start is pending but close(), which clears it too
      if (watcher === created) watcher = undefined;
    });
    return created;
  };
  return {
    onAppend: (listener) => {
      if (closed) return () => {};
      listeners.add(listener);
      watcher ??= start();
      const timer = setInterval(listener, pollIntervalMs);
      timer.unref();
      return () => {
        listeners.delete(listener);
        clearInterval(timer);
      };
    },
    established: async () => {
      if (closed) return;
      watcher ??= start();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no watch within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([watcher, late]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new StoreError('STORE_UNAVAILABLE', `etcd watch failed: ${message}`, {
          cause: message,
        });
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      closed = true;
      listeners.clear();
      const pending = watcher;
      watcher = undefined;
      // Not awaited: a watch still being set up against an unreachable etcd may never settle;
      // it is cancelled once it does (and closing the client ends it in any case).
      void pending?.then((w) => w.cancel()).catch(() => undefined);
    },
  };
}
