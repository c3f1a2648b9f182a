/**
 * The store file's layout and the checks that a file is ours and whole before anything is read:
 * SQLite's `integrity_check`, an application id and a schema version in the header, and a
 * checksum on every record (a bit flipped inside a page that SQLite still parses is caught too).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from '../reference/hash';
import { StoreAccessError, StoreChainError, StoreCorruptError } from './errors';
import { loadSqlite, type SqliteDatabase } from './load';

/** "RXCS" in the SQLite header: a file with another id is someone else's database. */
export const APPLICATION_ID = 0x52584353;
/**
 * 2: signatures cover the chain scope, and the store names its chain (`meta.chain`). A store of
 * version 1 holds messages signed without it, which no peer would take again: it is refused.
 */
export const SCHEMA_VERSION = 2;

const SCHEMA = `
  CREATE TABLE signed (rank INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, sum TEXT NOT NULL,
                       PRIMARY KEY (rank, kind)) WITHOUT ROWID;
  CREATE TABLE journal (seq INTEGER PRIMARY KEY, rank INTEGER NOT NULL, kind TEXT NOT NULL, sum TEXT NOT NULL);
  CREATE TABLE safety (id INTEGER PRIMARY KEY CHECK (id = 0), voted INTEGER NOT NULL, timeout INTEGER NOT NULL,
                       locked INTEGER NOT NULL, sum TEXT NOT NULL);
  CREATE TABLE certified (id INTEGER PRIMARY KEY CHECK (id = 0), rank INTEGER NOT NULL, body TEXT NOT NULL, sum TEXT NOT NULL);
  CREATE TABLE finalized (rank INTEGER PRIMARY KEY, frame TEXT NOT NULL, body TEXT NOT NULL, sum TEXT NOT NULL);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** The checksum kept beside each record: covers the key as well, so a record moved is caught. */
export const checksum = (...parts: readonly (string | number)[]): string => sha256Hex(parts.join('\n'));

/**
 * Runs `read`, turning any SQLite complaint into a named error: a file or folder this process may
 * not read or write is a permissions problem (`StoreAccessError`), anything else (not a database,
 * a malformed image) means the file cannot be trusted (`StoreCorruptError`).
 */
export function readingFile<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw storeError(file, err);
  }
}

const ACCESS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
  'SQLITE_AUTH',
]);

/** The named error for what SQLite or the file system threw while opening or reading `file`. */
export function storeError(file: string, err: unknown): Error {
  if (err instanceof StoreCorruptError || err instanceof StoreAccessError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (
    (typeof code === 'string' && [...ACCESS_CODES].some((c) => code.startsWith(c))) ||
    /readonly|read-only|permission denied/i.test(message)
  )
    return new StoreAccessError(file, message);
  return new StoreCorruptError(file, message);
}

/**
 * A file being created (`fresh`) gets the schema and the markers; any other must already carry them
 * and pass the check: an existing empty file is a torn one, not a new store.
 */
export function prepare(db: SqliteDatabase, file: string, journal: 'wal' | 'delete', fresh: boolean): void {
  readingFile(file, () => {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
      n: number;
    };
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (fresh && tables.n === 0 && appId === 0) {
      db.pragma(`journal_mode = ${journal}`);
      db.transaction(() => {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        db.exec(SCHEMA);
      })();
      return;
    }
    verifyMarkers(db, file, appId);
    db.pragma(`journal_mode = ${journal}`);
  });
}

/** An existing file must carry our markers and pass SQLite's integrity check. */
export function verifyMarkers(db: SqliteDatabase, file: string, appId: number): void {
  if (appId !== APPLICATION_ID)
    throw new StoreCorruptError(file, `not a validator store (application id ${appId})`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 1)
    throw new StoreCorruptError(
      file,
      'schema version 1: its messages were signed before signatures named their chain, so they cannot be re-sent; start this validator from an empty data dir',
    );
  if (version !== SCHEMA_VERSION) {
    throw new StoreCorruptError(file, `schema version ${version}, this build reads ${SCHEMA_VERSION}`);
  }
  const result = db.pragma('integrity_check', { simple: true }) as string;
  if (result !== 'ok') throw new StoreCorruptError(file, `integrity check failed: ${result}`);
}

/** The store names its chain: the first validator to open it sets it, every later one must match. */
export function bindChain(db: SqliteDatabase, file: string, chain: string): void {
  const row = readingFile(file, () => db.prepare("SELECT value FROM meta WHERE key = 'chain'").get()) as
    { value: string } | undefined;
  if (row === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('chain', ?)").run(chain);
  else if (row.value !== chain) throw new StoreChainError(file, row.value, chain);
}

/** A new store is built beside its final name and renamed in: a crash leaves no half-made file. */
export function createFile(file: string, journal: 'wal' | 'delete'): void {
  const staging = `${file}.init`;
  rmSync(staging, { force: true });
  const db = new (loadSqlite())(staging);
  try {
    prepare(db, staging, journal, true);
  } finally {
    db.close();
  }
  syncPath(staging);
  renameSync(staging, file);
  syncPath(dirname(file));
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
