/**
 * What a validator holds over a long run stays bounded: what it signed is dropped once the chain
 * is finalized past it, and the memory store keeps a bounded tail of the finalized chain while
 * still answering catch-up and replays from it.
 */
import { createMemoryValidatorStore, DEFAULT_RETAIN_FINALIZED } from '../../src/reference';
import { entryAt } from '../sqlite/fixtures';
import { runCluster } from './cluster';

describe('a long run', () => {
  it('keeps only the signed ranks near the finalized one, on every validator', () => {
    const run = runCluster({ n: 4, runFor: 4_000, latency: { min: 1, max: 5 } });
    for (const { node, finalized } of run.honest) {
      const top = Math.max(...finalized.keys());
      // Enough ranks that an unpruned store would hold a couple of hundred.
      expect(top).toBeGreaterThan(200);
      const held = node.store.signedFrom(0);
      // Two rank windows (16 each) below the finalized rank, the ranks between two prunings (64)
      // and the ranks in flight: never the whole run.
      expect(held.length).toBeLessThanOrEqual(2 * 16 + 64 + 8);
      expect(held[0]).toBeGreaterThanOrEqual(top - 2 * 16 - 64 - 8);
      // The safety state is never pruned.
      expect(node.store.safety().highestVotedRank).toBeGreaterThanOrEqual(top);
    }
  });
});

describe('the memory store', () => {
  const chainTo = (retainFinalized: number, last: number) => {
    const store = createMemoryValidatorStore({ retainFinalized });
    for (let r = 1; r <= last; r++) store.appendFinalized(entryAt(r));
    return store;
  };

  it('keeps at most its retention (plus an eighth) of the finalized chain, the newest', () => {
    const store = chainTo(64, 1_000);
    const kept = store.dump().finalized;
    expect(kept.length).toBeGreaterThanOrEqual(64);
    expect(kept.length).toBeLessThanOrEqual(64 + 8);
    expect(kept[kept.length - 1]!.frame.rank).toBe(1_000);
    expect(store.lastFinalized()?.frame.rank).toBe(1_000);
    expect(DEFAULT_RETAIN_FINALIZED).toBeGreaterThan(1_000);
  });

  it('answers catch-up from what it keeps: the frames after a rank, ascending, at most the limit', () => {
    const store = chainTo(64, 1_000);
    expect(store.finalizedAfter(990, 4).map((e) => e.frame.rank)).toEqual([991, 992, 993, 994]);
    expect(store.finalizedAfter(998, 64).map((e) => e.frame.rank)).toEqual([999, 1_000]);
    expect(store.finalizedAfter(1_000, 64)).toEqual([]);
    const oldest = store.dump().finalized[0]!.frame.rank;
    expect(store.finalizedAfter(0, 2).map((e) => e.frame.rank)).toEqual([oldest, oldest + 1]);
    expect(store.finalizedAfter(5, 0)).toEqual([]);
  });

  it('takes a replayed frame it keeps, or one below what it keeps, without change, and refuses a gap back', () => {
    const store = chainTo(64, 1_000);
    const before = store.dump().finalized.length;
    store.appendFinalized(entryAt(999));
    store.appendFinalized(entryAt(3));
    expect(store.dump().finalized.length).toBe(before);
    expect(() =>
      store.appendFinalized({ ...entryAt(999), frame: { ...entryAt(999).frame, id: 'other' } }),
    ).toThrow(RangeError);
  });

  it('refuses a retention that is not a positive integer', () => {
    for (const retainFinalized of [0, -1, 1.5, Number.NaN])
      expect(() => createMemoryValidatorStore({ retainFinalized })).toThrow(/retainFinalized/);
  });
});
