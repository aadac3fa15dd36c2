/**
 * What a suite needs from an implementation: fresh storage, as many instances on it as the suite
 * asks for (each a separate writer, like two processes sharing a database), and, when the storage
 * is durable, a way to restart.
 */
export interface StoreFixture<T> {
  /** Opens a new instance on this fixture's storage. Every instance sees the same data. */
  open(): Promise<T>;
  /**
   * Simulates a crash and restart: closes every instance opened so far and the connections under
   * them; instances opened afterwards must see everything whose write had resolved. Leave it out
   * when the storage is not durable (an in-memory store): the suite then does not register its
   * durability tests at all, so they are neither run nor reported as skipped. Every fixture a
   * factory makes must agree on whether it has `restart`.
   */
  restart?(): Promise<void>;
  /** Closes every instance and deletes the storage. */
  dispose(): Promise<void>;
}

/**
 * Makes a fixture on fresh, empty storage; called once per test, and once more when the suite is
 * registered, to learn whether its fixtures have `restart` (that fixture is disposed unopened).
 */
export type StoreFactory<T> = () => Promise<StoreFixture<T>> | StoreFixture<T>;

/** Whether the factory's fixtures can restart: makes one, looks, and disposes it. */
export async function canRestart<T>(factory: StoreFactory<T>): Promise<boolean> {
  const probe = await factory();
  try {
    return probe.restart !== undefined;
  } finally {
    await probe.dispose();
  }
}

/** Throws unless `fixture` agrees with the one looked at when the suite was registered. */
export function checkRestart<T>(fixture: StoreFixture<T>, durable: boolean): void {
  if ((fixture.restart !== undefined) !== durable) {
    throw new Error(
      `every fixture of a factory must agree on restart: this one ${durable ? 'lacks' : 'has'} it`,
    );
  }
}
