/**
 * rx-consensus/sqlite (Node only): a durable `ValidatorStore` in one SQLite file, every signed
 * message synced before it is sent. Needs the optional peer `better-sqlite3` 12, loaded on first
 * open. `auditStoreFile` reads a store for a verdict without changing it.
 *
 * @module rx-consensus/sqlite
 */
export {
  openSqliteValidatorStore,
  auditStoreFile,
  DoubleSignError,
  StoreAccessError,
  StoreChainError,
  StoreCorruptError,
  type SqliteValidatorStore,
  type SqliteStoreOptions,
  type StoreAudit,
  type SignedKind,
} from '../sqlite';
