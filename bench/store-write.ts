/**
 * The cost of the synced safety write a validator makes before each vote leaves the process:
 * `recordVote` on the SQLite store (one transaction, synchronous = FULL), per journal mode, on
 * this machine's disk. Run: `npx tsx bench/store-write.ts [votes]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteValidatorStore } from '../src/sqlite';
import { countArguments } from './support/args';

const { votes } = countArguments('npx tsx bench/store-write.ts [votes, 500]', { votes: 500 });
const sig = 'ab'.repeat(64);
const hex64 = (n: number): string => n.toString(16).padStart(64, '0');
const pct = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

for (const journal of ['wal', 'delete'] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-bench-'));
  const store = openSqliteValidatorStore(join(dir, 'validator.db'), { journal });
  const micros: number[] = [];
  for (let rank = 1; rank <= votes; rank += 1) {
    const vote = { rank, voter: 'v1', proposal: hex64(rank), proposer: 'v2', signature: sig };
    const start = process.hrtime.bigint();
    store.recordVote(vote, { highestVotedRank: rank, highestTimeoutRank: -1, lockedRank: rank - 1 });
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
  micros.sort((a, b) => a - b);
  const mean = micros.reduce((s, x) => s + x, 0) / micros.length;
  console.log(
    JSON.stringify({
      journal,
      votes,
      meanUs: Math.round(mean),
      p50Us: Math.round(pct(micros, 50)),
      p99Us: Math.round(pct(micros, 99)),
    }),
  );
}
