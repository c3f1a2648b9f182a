/** What `openSqliteValidatorStore` takes, and the store it gives. */
import type { ValidatorStore } from '../reference/store/types';

export interface SqliteStoreOptions {
  /** WAL (default) appends commits to a log beside the file; 'delete' is the rollback journal. */
  readonly journal?: 'wal' | 'delete';
  /**
   * The chain this store serves (a validator's chain scope): written into a new store, and a store
   * of another chain is refused (`StoreChainError`). Absent: not checked.
   */
  readonly chain?: string;
  /**
   * When a signed message's commit reaches the disk: `'each'` (default) in its own transaction,
   * before `record*` returns; `'group'` at the next `durable()`, one fsync for every commit made
   * before it (WAL journal only). With `'group'`, nothing signed may leave before `durable()`
   * resolved: wrap the transport in `sendWhenDurable`.
   */
  readonly sync?: 'each' | 'group';
}

/** A validator store in one SQLite file. */
export interface SqliteValidatorStore extends ValidatorStore {
  /** The store's file, as every error names it. */
  readonly file: string;
  /**
   * Writes so far: `synced` waited for the disk (with `sync: 'each'` each transaction of what
   * this validator signed and its safety state; with `'group'` each group commit), `unsynced` did
   * not (certified and finalized frames, pruning: peers can send them again; with `'group'` the
   * signed messages' own transactions too).
   */
  writes(): { readonly synced: number; readonly unsynced: number };
  /** True while a signed message is committed but not yet on disk (`sync: 'group'` only). */
  pendingSync(): boolean;
  /**
   * Resolves once every commit made before the call is on disk: at once when there is none, else
   * after one fsync of the write-ahead log that every caller waiting meanwhile shares. Rejects
   * (then and for good after) when the disk refuses: nothing signed may be sent after that.
   */
  durable(): Promise<void>;
}
