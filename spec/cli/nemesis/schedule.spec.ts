/** The nemesis schedule is a function of its seed, and draws overlapping faults of every kind it is allowed. */
import type { FaultKind } from '../../../src/cli/nemesis/history';
import { describeFault, nemesisSchedule, nodesOf } from '../../../src/cli/nemesis/schedule';

const NODES = ['v1', 'v2', 'v3', 'v4', 'v5'];
const ALL: FaultKind[] = ['partition', 'isolate', 'kill', 'pause', 'link', 'disk-full'];
const schedule = (seed: number, kinds = ALL) =>
  nemesisSchedule({ seed, durationMs: 120_000, nodes: NODES, kinds });

describe('nemesisSchedule', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(schedule(7)).toEqual(schedule(7));
    expect(schedule(8)).not.toEqual(schedule(7));
  });

  it('draws at least five faults in two minutes, some overlapping, every kind over a few seeds', () => {
    const runs = [1, 2, 3, 4, 5].map((seed) => schedule(seed));
    for (const faults of runs) expect(faults.length).toBeGreaterThanOrEqual(5);
    const overlapping = runs
      .flat()
      .filter((f, _, all) =>
        all.some((g) => g !== f && g.at < f.at + f.durationMs && f.at < g.at + g.durationMs && g.id !== f.id),
      );
    expect(overlapping.length).toBeGreaterThan(0);
    expect(new Set(runs.flat().map((f) => f.kind))).toEqual(new Set(ALL));
  });

  it('keeps each fault within the run, the kinds allowed and its own length, pauses 1 to 10 s', () => {
    for (const seed of [11, 12, 13]) {
      for (const f of schedule(seed, ['pause', 'link', 'partition'])) {
        expect(['pause', 'link', 'partition']).toContain(f.kind);
        expect(f.at).toBeLessThan(120_000);
        if (f.kind === 'pause') {
          expect(f.durationMs).toBeGreaterThanOrEqual(1000);
          expect(f.durationMs).toBeLessThanOrEqual(10_000);
        }
        expect(nodesOf(f).every((n) => NODES.includes(n))).toBe(true);
        expect(describeFault(f)).not.toBe('');
      }
    }
  });

  it('never takes one validator out twice at once, and leaves a quiet spell after each episode', () => {
    for (const seed of [21, 22, 23, 24]) {
      const faults = schedule(seed);
      for (const f of faults)
        for (const g of faults) {
          const overlap = g.id !== f.id && g.at < f.at + f.durationMs && f.at < g.at + g.durationMs;
          if (overlap && 'node' in f && 'node' in g) expect(f.node).not.toBe(g.node);
        }
      // Some moment of at least 6 s with nothing active follows every fault but the last ones.
      const ends = faults.map((f) => f.at + f.durationMs);
      const quiet = ends.filter((end) => !faults.some((g) => g.at < end + 6000 && g.at + g.durationMs > end));
      expect(quiet.length).toBeGreaterThan(0);
    }
  });

  it('cuts a partition into two sides, a bridge node apart from both', () => {
    const partitions = [31, 32, 33, 34, 35, 36].flatMap((seed) => schedule(seed, ['partition']));
    for (const p of partitions) {
      if (p.kind !== 'partition') continue;
      const [a, b] = p.sides;
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect(new Set([...a, ...b, ...(p.bridge === undefined ? [] : [p.bridge])]).size).toBe(NODES.length);
    }
    expect(partitions.some((p) => p.kind === 'partition' && p.bridge !== undefined)).toBe(true);
  });
});
