/** rx-consensus/sqlite: a durable `ValidatorStore` on better-sqlite3 (an optional peer dependency). */
export { openSqliteValidatorStore, type SqliteValidatorStore, type SqliteStoreOptions } from './sqlite-store';
export { sendWhenDurable, type GroupCommit } from './send-when-durable';
export { auditStoreFile, type StoreAudit } from './audit';
export {
  DoubleSignError,
  StoreAccessError,
  StoreChainError,
  StoreCorruptError,
  type SignedKind,
} from './errors';
