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
   * when the storage is not durable (an in-memory store): the durability tests are then skipped.
   */
  restart?(): Promise<void>;
  /** Closes every instance and deletes the storage. */
  dispose(): Promise<void>;
}

/** Makes a fixture on fresh, empty storage; called once per test. */
export type StoreFactory<T> = () => Promise<StoreFixture<T>> | StoreFixture<T>;
