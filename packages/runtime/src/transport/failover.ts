/**
 * One connect function over several upstreams (the QANs of a cluster), for `reconnecting`: each
 * call tries the upstream that worked last, then the others in order, each once, and resolves
 * with the first session made. When every one fails it rejects with the last error, and the
 * caller's reconnect backoff decides when to try the round again. A dead QAN costs one refused
 * connection, so a node reaches another QAN within one backoff step.
 */
export function failoverConnector<T>(
  connectors: readonly (() => Promise<T>)[],
  onFailure: (index: number, error: unknown) => void = () => {},
): () => Promise<T> {
  if (connectors.length === 0)
    throw new RangeError('failoverConnector needs at least one upstream');
  let current = 0;
  return async () => {
    let lastError: unknown;
    for (let tried = 0; tried < connectors.length; tried++) {
      const index = (current + tried) % connectors.length;
      try {
        const session = await (connectors[index] as () => Promise<T>)();
        current = index;
        return session;
      } catch (error) {
        onFailure(index, error);
        lastError = error;
      }
    }
    throw lastError;
  };
}
