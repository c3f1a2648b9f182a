/**
 * Loads better-sqlite3 on first use, so that importing `rx-consensus` (or even this subpath's
 * types) never needs the native module; a missing optional peer gets an install hint.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;
type Constructor = typeof BetterSqlite3;

let loaded: Constructor | undefined;

export function loadSqlite(): Constructor {
  if (loaded !== undefined) return loaded;
  try {
    // CommonJS has __filename; the ESM build resolves from the working directory instead.
    const base = typeof __filename === 'string' ? __filename : `${process.cwd()}/`;
    loaded = createRequire(base)('better-sqlite3') as Constructor;
  } catch (err) {
    throw new Error(
      `rx-consensus/sqlite needs the optional peer dependency better-sqlite3 (npm install better-sqlite3@12): ${String(err)}`,
    );
  }
  return loaded;
}
