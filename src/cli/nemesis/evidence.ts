/**
 * What the checker reads of a finished run, from files only: each validator's store (its finalized
 * chain with the mutations of each frame, and the keys of its signature journal, through the same
 * read-only audit the testnet uses) and its received log.
 */
import { join } from 'node:path';
import { auditStoreFile } from '../../sqlite';
import { loadSqlite } from '../../sqlite/load';
import { RECEIVED_FILE, readReceivedLog, type ReceivedEntry } from '../received-log';
import { journalKey, type StoreEvidence } from './checker';

export function readStoreEvidence(file: string): StoreEvidence | { unreadable: string } {
  try {
    const audit = auditStoreFile(file);
    const Database = loadSqlite();
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT rank, frame, body FROM finalized ORDER BY rank').all() as {
        rank: number;
        frame: string;
        body: string;
      }[];
      const journal = db.prepare('SELECT DISTINCT rank, kind FROM journal').all() as {
        rank: number;
        kind: string;
      }[];
      return {
        finalized: rows.map((r) => ({
          rank: r.rank,
          frame: r.frame,
          mutations: (JSON.parse(r.body) as { frame: { mutations: string[] } }).frame.mutations,
        })),
        journal: new Set(journal.map((j) => journalKey(j.rank, j.kind))),
        doubleSignedRanks: audit.doubleSignedRanks,
      };
    } finally {
      db.close();
    }
  } catch (err) {
    return { unreadable: err instanceof Error ? err.message : String(err) };
  }
}

/** Stores and received logs (rotated file first) of validators whose data dirs are `dataDirs` (by id). */
export function readEvidence(dataDirs: Readonly<Record<string, string>>): {
  stores: Record<string, StoreEvidence | { unreadable: string }>;
  received: Record<string, ReceivedEntry[]>;
} {
  const entries = Object.entries(dataDirs);
  return {
    stores: Object.fromEntries(
      entries.map(([id, dir]) => [id, readStoreEvidence(join(dir, 'validator.db'))]),
    ),
    received: Object.fromEntries(entries.map(([id, dir]) => [id, readReceivedLog(join(dir, RECEIVED_FILE))])),
  };
}
