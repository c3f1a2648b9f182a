/**
 * Reads a validator store file for a verdict, without changing it: the finalized chain (rank →
 * frame id) and, from the append-only journal of signatures (never pruned), every (rank, kind)
 * at which the validator recorded two different messages.
 */
import { StoreCorruptError } from './errors';
import { loadSqlite } from './load';
import { readingFile, verifyMarkers } from './schema';

export interface StoreAudit {
  readonly file: string;
  /** Finalized frame id by rank, ascending. */
  readonly finalized: ReadonlyMap<number, string>;
  /** Highest finalized rank, -1 when none. */
  readonly finalizedRank: number;
  /** Ranks at which two different messages of one kind were signed. */
  readonly doubleSignedRanks: readonly number[];
  /** How many signed messages the journal holds. */
  readonly signatures: number;
}

export function auditStoreFile(file: string): StoreAudit {
  const Database = loadSqlite();
  const db = readingFile(file, () => new Database(file, { readonly: true, fileMustExist: true }));
  try {
    return readingFile(file, () => {
      verifyMarkers(db, file, db.pragma('application_id', { simple: true }) as number);
      const rows = db.prepare('SELECT rank, frame FROM finalized ORDER BY rank').all() as {
        rank: number;
        frame: string;
      }[];
      const doubled = db
        .prepare('SELECT rank FROM journal GROUP BY rank, kind HAVING count(DISTINCT sum) > 1 ORDER BY rank')
        .all() as { rank: number }[];
      const { n } = db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number };
      const finalized = new Map(rows.map((r) => [r.rank, r.frame]));
      return {
        file,
        finalized,
        finalizedRank: rows.length === 0 ? -1 : rows[rows.length - 1]!.rank,
        doubleSignedRanks: [...new Set(doubled.map((r) => r.rank))],
        signatures: n,
      };
    });
  } catch (err) {
    throw err instanceof StoreCorruptError ? err : new StoreCorruptError(file, String(err));
  } finally {
    db.close();
  }
}
