/**
 * The mutations a validator accepted (answered 202) and has not yet seen finalized, kept in its
 * data dir, `accepted.ndjson`, one JSON string a line, so that a crash does not lose them: the
 * mutation pool lives in memory, and a validator proposes only when it leads, so an accepted
 * mutation may wait there for several ranks. On start the log is read, whatever the store's
 * finalized chain already holds is dropped, the rest goes back into the pool, and the log is
 * rewritten with just that. A line is written (not synced) before the 202: it survives the
 * process's death, not the machine's.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FinalizedEntry } from '../reference/store/types';

export const ACCEPTED_FILE = 'accepted.ndjson';

export interface AcceptedLog {
  /** Accepted before the last stop and not finalized: for the pool. */
  readonly recovered: readonly string[];
  /** Record one accepted mutation; throws when it cannot (a full disk): then it must be refused. */
  record(mutation: string): void;
  close(): void;
}

/** `finalizedAfter`: the store's finalized chain, read in pages (the store's method). */
export function openAcceptedLog(
  dataDir: string,
  finalizedAfter: (afterRank: number, limit: number) => readonly FinalizedEntry[],
): AcceptedLog {
  const file = join(dataDir, ACCEPTED_FILE);
  const logged = existsSync(file) ? parseLines(readFileSync(file, 'utf8')) : [];
  const waiting = new Set(logged);
  for (let after = -1, page = finalizedAfter(after, 1000); page.length > 0 && waiting.size > 0;) {
    for (const entry of page) for (const m of entry.frame.mutations) waiting.delete(m);
    after = page[page.length - 1]!.frame.rank;
    page = finalizedAfter(after, 1000);
  }
  const recovered = [...waiting];
  const fresh = `${file}.new`;
  writeFileSync(fresh, recovered.map((m) => `${JSON.stringify(m)}\n`).join(''));
  renameSync(fresh, file);
  const fd = openSync(file, 'a');
  return {
    recovered,
    record: (mutation) => void writeSync(fd, `${JSON.stringify(mutation)}\n`),
    close: () => closeSync(fd),
  };
}

function parseLines(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    try {
      const m = JSON.parse(line) as unknown;
      return typeof m === 'string' ? [m] : [];
    } catch {
      return []; // a line cut short by a crash: its mutation was never acknowledged
    }
  });
}
