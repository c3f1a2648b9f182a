/**
 * rx-consensus/sqlite (Node only): a durable `ValidatorStore` in one SQLite file, every signed
 * message on disk before it is sent: synced in its own transaction, or by a group commit
 * (`sync: 'group'`) that `sendWhenDurable` waits for before the transport gets it. Needs the
 * optional peer `better-sqlite3` 12, loaded on first open. `auditStoreFile` reads a store for a
 * verdict without changing it.
 *
 * @module rx-consensus/sqlite
 */
export {
  openSqliteValidatorStore,
  sendWhenDurable,
  auditStoreFile,
  DoubleSignError,
  StoreAccessError,
  StoreChainError,
  StoreCorruptError,
  type SqliteValidatorStore,
  type SqliteStoreOptions,
  type GroupCommit,
  type StoreAudit,
  type SignedKind,
} from '../sqlite';
