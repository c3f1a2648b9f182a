/**
 * Recovery after a bad leader, in virtual time: four validators (1–20 ms links, round timeout
 * 500 ms) with one of them silent or equivocating; for every rank that validator leads, how long
 * from the honest validators entering it until they enter the next rank, and until a frame of a
 * later rank becomes final (two certified ranks in a row after it). `npx tsx bench/recovery.ts` prints a table and one JSON line.
 */
import { createCluster } from '../src/entries/sim';
import { equivocatingProposer, silent, type ByzantineStrategy } from '../src/entries/sim';

const ROUND_TIMEOUT = 500;

function measure(name: string, strategy: () => ByzantineStrategy, seeds: readonly number[]) {
  const toNextRank: number[] = [];
  const toNextFinal: number[] = [];
  for (const seed of seeds) {
    const cluster = createCluster({
      validators: 4,
      seed,
      byzantine: { v1: strategy() },
      roundTimeout: ROUND_TIMEOUT,
    });
    const entered = new Map<number, number>(); // rank → first time an honest node entered it
    const finals: { rank: number; at: number }[] = [];
    cluster.events$.subscribe((e) => {
      if (e.node === 'v1') return;
      if (e.kind === 'rank' && !entered.has(e.rank)) entered.set(e.rank, e.at);
      if (e.kind === 'finalized' && e.rank > 0) finals.push({ rank: e.rank, at: e.at });
    });
    cluster.start();
    cluster.runFor(20_000);
    cluster.close();
    // v1 leads ranks ≡ 1 (mod 4).
    for (const [rank, at] of entered) {
      if (rank % 4 !== 1 || !entered.has(rank + 1)) continue;
      toNextRank.push(entered.get(rank + 1)! - at);
      const next = finals.find((f) => f.rank > rank);
      if (next !== undefined) toNextFinal.push(next.at - at);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return {
    leader: name,
    ranks: toNextRank.length,
    nextRankMs: median(toNextRank),
    nextRankTimeouts: median(toNextRank) / ROUND_TIMEOUT,
    nextFinalMs: median(toNextFinal),
  };
}

const rows = [
  measure('silent', silent, [1, 2, 3]),
  measure('equivocating', () => equivocatingProposer({ crossover: true }), [1, 2, 3]),
];
for (const r of rows) {
  console.log(
    `${r.leader.padEnd(13)} ${String(r.ranks).padStart(4)} ranks  next rank after ${r.nextRankMs} ms ` +
      `(${r.nextRankTimeouts.toFixed(2)} × the round timeout)  next final frame after ${r.nextFinalMs} ms`,
  );
}
console.log(JSON.stringify(rows));
