/**
 * Every mutation an honest validator accepted is finalized, once, after the network heals. A
 * leader that certifies its own frame and then loses the race for it (the next leader never saw
 * the certificate and builds on the frame before) must propose its mutations again: a pool that
 * dropped them at certification lost them for good (the nemesis saw four such mutations lost).
 */
import { createCluster, type Cluster } from '../../src/entries/sim';
import { leaderAt } from '../../src/reference/providers/leader';
import { createRng } from '../../src/transport/rng';
import { chainOf, expectSafe } from './cluster-helpers';

const IDS = ['v0', 'v1', 'v2', 'v3'];

/** Finalized mutations of a node's chain, with how often each appears. */
function finalizedCounts(cluster: Cluster, key: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const frame of chainOf(cluster.node(key)))
    for (const m of frame.mutations) counts.set(m, (counts.get(m) ?? 0) + 1);
  return counts;
}

/**
 * Submits a mutation to a random validator every 40 ms while the network is cut in random ways
 * for `faultyFor` ms, then heals it and runs until every submitted mutation is final everywhere.
 */
function churn(seed: number, faultyFor: number): { cluster: Cluster; submitted: string[]; done: boolean } {
  const cluster = createCluster({
    validators: IDS,
    seed,
    mutations: 0,
    roundTimeout: 200,
    historyLimit: Infinity,
  });
  const rng = createRng(seed * 7919 + 1);
  const submitted: string[] = [];
  cluster.start();
  for (let t = 0; t < faultyFor; t += 40) {
    const to = IDS[rng.int(0, IDS.length - 1)]!;
    const m = `m${submitted.length}`;
    if (cluster.submit(to, m)) submitted.push(m);
    if (t % 400 === 0) {
      const cut = rng.int(0, 3);
      if (cut === 0) cluster.network.heal();
      else if (cut === 1) cluster.network.isolate(IDS[rng.int(0, IDS.length - 1)]!);
      else {
        const shuffled = [...IDS].sort(() => rng.next() - 0.5);
        const at = rng.int(1, IDS.length - 1);
        cluster.network.partition([shuffled.slice(0, at), shuffled.slice(at)]);
      }
    }
    cluster.runFor(40);
  }
  cluster.network.heal();
  const everywhere = (c: Cluster): boolean =>
    IDS.every((key) => {
      const counts = finalizedCounts(c, key);
      return submitted.every((m) => counts.has(m));
    });
  const done = cluster.runUntil(everywhere, 60_000);
  return { cluster, submitted, done };
}

describe('a leader whose certified frame the others never certify', () => {
  it("proposes that frame's mutations again after the others built past it, and all are finalized", () => {
    const cluster = createCluster({
      validators: IDS,
      mutations: 0,
      roundTimeout: 200,
      historyLimit: Infinity,
    });
    const RANK = 9;
    const leader = leaderAt(cluster.validators, RANK);
    const [a, b, c] = IDS.filter((id) => id !== leader) as [string, string, string];
    const fromLeader = (to: readonly string[], loss: number): void => {
      for (const id of to) cluster.setLink(leader, id, { loss });
    };
    const submitted: string[] = [];
    let cutOff: readonly string[] | undefined;
    const sub = cluster.events$.subscribe((e) => {
      if (cutOff !== undefined || e.node !== leader) return;
      // c never sees the leader's frame and does not vote for it ...
      if (e.kind === 'rank' && e.rank === RANK) fromLeader([c], 1);
      // ... and a and b get the frame but not the leader's vote: two votes each, no certificate.
      if (e.kind === 'vote-signed' && e.rank === RANK) fromLeader([a, b], 1);
      // The leader has a's, b's and its own: it certifies its frame and is cut off at once. The
      // others time out with the frame before as their highest, and build on that.
      if (e.kind === 'rank' && e.by === 'quorum' && e.rank === RANK + 1) {
        cutOff = cluster.node(leader).store.validator.signedAt(RANK)?.proposal?.mutations ?? [];
        cluster.network.isolate(leader);
        fromLeader([a, b, c], 0);
      }
    });
    cluster.start();
    for (let t = 0; t < 4000; t += 20) {
      const m = `m${submitted.length}`;
      if (cluster.submit(IDS[submitted.length % IDS.length]!, m)) submitted.push(m);
      cluster.runFor(20);
    }
    sub.unsubscribe();
    cluster.network.heal();
    const everywhere = (c: Cluster): boolean =>
      IDS.every((key) => submitted.every((m) => finalizedCounts(c, key).has(m)));
    const done = cluster.runUntil(everywhere, 60_000);
    try {
      expectSafe(cluster);
      expect(cutOff?.length).toBeGreaterThan(0);
      // The others went on without the leader's frame: nothing at its rank is final.
      expect(chainOf(cluster.node(a)).some((f) => f.rank === RANK)).toBe(false);
      for (const key of IDS) {
        const counts = finalizedCounts(cluster, key);
        expect({ key, lost: cutOff!.filter((m) => counts.get(m) !== 1) }).toEqual({ key, lost: [] });
        expect(submitted.filter((m) => !counts.has(m))).toEqual([]);
      }
      expect(done).toBe(true);
    } finally {
      cluster.close();
    }
  });
});

describe('mutations under partitions', () => {
  it.each([1, 2, 3])('seed %i: every accepted mutation is finalized exactly once', (seed) => {
    const { cluster, submitted, done } = churn(seed, 6000);
    try {
      expectSafe(cluster);
      for (const key of IDS) {
        const counts = finalizedCounts(cluster, key);
        const missing = submitted.filter((m) => !counts.has(m));
        const twice = [...counts].filter(([, n]) => n > 1).map(([m]) => m);
        expect({ key, missing, twice }).toEqual({ key, missing: [], twice: [] });
      }
      expect(done).toBe(true);
    } finally {
      cluster.close();
    }
  });
});
