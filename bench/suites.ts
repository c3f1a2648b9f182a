/**
 * The benchmark suite of issue 5: each function measures one figure once; the runner repeats
 * them and reports median, min and max. Sizes are parameters so a smoke test can run them small.
 */
import { isRight } from 'fp-ts/Either';
import { scan, Subject, type VirtualTimeScheduler } from 'rxjs';
import { createInstantCluster, type Vote } from './support/instant-cluster';
import { loneVoter } from './support/lone-voter';

const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;

function votes(count: number, rank: number): { voters: string[]; votes: Vote[] } {
  const voters = Array.from({ length: count }, (_, i) => `voter-${i}`);
  return { voters, votes: voters.map((voter) => ({ rank, voter, block: 'proposal' })) };
}

/** One machine in voting absorbing `count` receiveVote calls; throws if any is not accepted. */
export function inboundMsgsPerS(count: number): number {
  const { machine, rank } = loneVoter();
  const { voters, votes: vs } = votes(count, rank);
  let accepted = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) if (isRight(machine.receiveVote('self', voters[i]!, vs[i]!))) accepted++;
  const elapsed = seconds(start);
  const stored = machine.getSnapshot().rounds.at(rank)?.votes.size ?? 0;
  machine.close();
  if (accepted !== count || stored !== count + 1)
    throw new Error(`accepted ${accepted}, stored ${stored} of ${count}`);
  return count / elapsed;
}

/** The same updates through a bare Subject → scan with one Map per rank: the floor. */
export function floorMsgsPerS(count: number): number {
  const { votes: vs } = votes(count, 1);
  const input = new Subject<Vote>();
  let size = 0;
  input
    .pipe(
      scan((byRank, vote: Vote) => {
        let ofRank = byRank.get(vote.rank);
        if (ofRank === undefined) byRank.set(vote.rank, (ofRank = new Map()));
        if (!ofRank.has(vote.voter)) ofRank.set(vote.voter, vote);
        return byRank;
      }, new Map<number, Map<string, Vote>>()),
    )
    .subscribe((byRank) => (size = byRank.get(1)!.size));
  const start = performance.now();
  for (let i = 0; i < count; i++) input.next(vs[i]!);
  const elapsed = seconds(start);
  if (size !== count) throw new Error(`floor stored ${size} of ${count}`);
  return count / elapsed;
}

/** Four machines, zero latency, instant providers: finalized rounds per second over `rounds` rounds. */
export function cluster4RoundsPerS(rounds: number, time: 'real' | 'virtual' = 'real'): Promise<number> {
  const cluster = createInstantCluster({ nodes: 4, latency: 0, time });
  return new Promise((resolve, reject) => {
    let start = 0;
    cluster.machines[0]!.addListener({
      onTransition: (_from, _to, event) => {
        if (event !== 'verification_done') return;
        const done = cluster.finalizedAt.length;
        if (done === 1) start = performance.now();
        if (done === rounds + 1) {
          const rate = rounds / seconds(start);
          cluster.close();
          resolve(rate);
        }
      },
    });
    for (const m of cluster.machines) m.start();
    if (time === 'virtual') {
      (cluster.scheduler as VirtualTimeScheduler).flush();
      if (cluster.finalizedAt.length <= rounds) reject(new Error('the cluster stopped finalizing'));
    }
  });
}

/** Virtual time, one-way delay d: median time between finalizations divided by 3d. */
export function latencyRatio3hop(rounds: number, d = 10): number {
  const cluster = createInstantCluster({ nodes: 4, latency: d, time: 'virtual' });
  const scheduler = cluster.scheduler as VirtualTimeScheduler;
  for (const m of cluster.machines) m.start();
  scheduler.schedule(() => cluster.close(), 3 * d * (rounds + 2));
  scheduler.flush();
  const gaps = cluster.finalizedAt.slice(1).map((t, i) => t - cluster.finalizedAt[i]!);
  if (gaps.length < rounds) throw new Error(`only ${gaps.length} rounds finalized`);
  return median(gaps) / (3 * d);
}

/** Wall-clock microseconds per delivered message for an n-node virtual-time cluster. */
export function costPerMessage(nodes: number, rounds: number): number {
  const cluster = createInstantCluster({ nodes, latency: 10, time: 'virtual' });
  const scheduler = cluster.scheduler as VirtualTimeScheduler;
  for (const m of cluster.machines) m.start();
  scheduler.schedule(() => cluster.close(), 30 * (rounds + 1) + 5);
  const start = performance.now();
  scheduler.flush();
  const elapsed = seconds(start);
  if (cluster.finalizedAt.length < rounds)
    throw new Error(`${nodes} nodes finalized ${cluster.finalizedAt.length} rounds`);
  return (elapsed * 1e6) / cluster.delivered();
}

/** Cost per delivered message at 128 nodes over the same at 4 nodes. */
export function scaleCostRatio(rounds128: number, rounds4: number): number {
  return costPerMessage(128, rounds128) / costPerMessage(4, rounds4);
}

/** A 4-node virtual-time run: heap growth (MB, after GC) from round `warm` to `rounds`, and rounds per second. */
export function longRun(rounds: number, warm: number): { heapGrowthMb: number; roundsPerS: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const cluster = createInstantCluster({ nodes: 4, latency: 10, time: 'virtual' });
  const scheduler = cluster.scheduler as VirtualTimeScheduler;
  let heapAtWarm = 0;
  cluster.machines[0]!.addListener({
    onTransition: (_from, _to, event) => {
      if (event !== 'verification_done') return;
      const done = cluster.finalizedAt.length;
      if (done === warm) {
        gc?.();
        heapAtWarm = process.memoryUsage().heapUsed;
      }
      if (done === rounds) scheduler.schedule(() => cluster.close(), 0);
    },
  });
  for (const m of cluster.machines) m.start();
  const start = performance.now();
  scheduler.flush();
  const roundsPerS = cluster.finalizedAt.length / seconds(start);
  gc?.();
  // The cluster is closed but still referenced here, so what it holds is measured.
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapAtWarm) / 2 ** 20;
  if (cluster.finalizedAt.length < rounds)
    throw new Error(`finalized ${cluster.finalizedAt.length} of ${rounds}`);
  return { heapGrowthMb, roundsPerS };
}

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
