/**
 * The block tree's commit rule (two-chain): a frame is final once a child one rank above it is
 * certified, with its ancestors; in whatever order frames and certificates arrive, and without a
 * frame missing high in the chain holding back what is final below it.
 */
import { BlockTree } from '../../src/reference/block-tree';
import { createMemoryValidatorStore } from '../../src/reference/store/memory';
import type { ValidatorStore } from '../../src/reference/store/types';
import type { Frame } from '../../src/reference/types';
import { certify, frameBy, genesis, keyring } from './support';

const ring = keyring(4);

/** Frames 1..n, each on the one before, by the round-robin leaders. */
function chainOf(n: number): Frame[] {
  const frames: Frame[] = [];
  let prior = genesis;
  for (let i = 1; i <= n; i++) {
    prior = frameBy(ring, ring.ids[i % ring.ids.length]!, prior);
    frames.push(prior);
  }
  return frames;
}

function treeOf() {
  const finalized: number[] = [];
  const missing: string[] = [];
  const tree = new BlockTree({
    genesis,
    store: createMemoryValidatorStore(),
    finalized: (entry) => finalized.push(entry.frame.rank),
    missing: (id) => missing.push(id),
  });
  return { tree, finalized, missing };
}

describe('the block tree', () => {
  const frames = chainOf(12);

  it('finalizes a frame once its child one rank above is certified, with its ancestors', () => {
    const { tree, finalized } = treeOf();
    for (const f of frames.slice(0, 3)) tree.addFrame(f); // frame 3 carries the certificate of 2
    expect(finalized).toEqual([1]);
    tree.addCertificate(certify(ring, frames[2]!));
    expect(finalized).toEqual([1, 2]);
    expect(tree.lastFinalized.frame.rank).toBe(2);
  });

  it('finalizes in order whatever order frames and certificates came in', () => {
    const { tree, finalized } = treeOf();
    for (const f of [...frames.slice(0, 8)].reverse()) tree.addFrame(f);
    expect(finalized).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finalizes below a frame still missing, asks for it, and goes on once it comes', () => {
    const { tree, finalized, missing } = treeOf();
    // Frame 6 never came (a leader withheld it); its certificate came with frame 7, and the
    // certificate of frame 5 (which frame 6 carries) came another way, as with a timeout.
    for (const f of frames.filter((f) => f.rank !== 6)) tree.addFrame(f);
    tree.addCertificate(certify(ring, frames[4]!));
    expect(finalized).toEqual([1, 2, 3, 4]);
    expect(missing).toContain(frames[5]!.id);
    tree.addFrame(frames[5]!);
    expect(finalized).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  describe('with a store that writes in batches', () => {
    /** A memory store with `batch`: a batch that throws leaves the store as it was. */
    function batchingStore(failNext: { value: boolean }) {
      let inner = createMemoryValidatorStore();
      const log: string[] = [];
      const store: ValidatorStore = {
        ...inner,
        recordCertified: (entry) => (log.push(`certified ${entry.frame.rank}`), inner.recordCertified(entry)),
        appendFinalized: (entry) => (log.push(`stored ${entry.frame.rank}`), inner.appendFinalized(entry)),
        lastFinalized: () => inner.lastFinalized(),
        batch<T>(writes: () => T): T {
          const kept = inner;
          const copy = createMemoryValidatorStore();
          for (const e of kept.finalizedAfter(-1, 1000)) copy.appendFinalized(e);
          const head = kept.highestCertified();
          if (head !== undefined) copy.recordCertified(head);
          inner = copy;
          log.push('begin');
          try {
            const result = writes();
            if (failNext.value) throw new Error('the disk is full');
            log.push('commit');
            return result;
          } catch (err) {
            inner = kept;
            log.push('rollback');
            throw err;
          }
        },
      };
      return { store, log };
    }

    it('writes the certified head and the frames it made final in one batch, and reports them after it', () => {
      const fail = { value: false };
      const { store, log } = batchingStore(fail);
      const tree = new BlockTree({
        genesis,
        store,
        finalized: (entry) => log.push(`final ${entry.frame.rank}`),
        missing: () => undefined,
      });
      for (const f of frames.slice(0, 3)) tree.addFrame(f);
      log.length = 0;
      tree.addCertificate(certify(ring, frames[2]!));
      expect(log).toEqual(['begin', 'certified 3', 'stored 2', 'commit', 'final 2']);
    });

    it('is left as it was when the batch fails: nothing final, nothing reported, the same head', () => {
      const fail = { value: false };
      const { store, log } = batchingStore(fail);
      const finalized: number[] = [];
      const tree = new BlockTree({
        genesis,
        store,
        finalized: (entry) => finalized.push(entry.frame.rank),
        missing: () => undefined,
      });
      for (const f of frames.slice(0, 3)) tree.addFrame(f);
      expect(finalized).toEqual([1]);
      const head = tree.highestCertified;
      fail.value = true;
      expect(() => tree.addCertificate(certify(ring, frames[2]!))).toThrow('the disk is full');
      expect(log).toContain('rollback');
      expect(finalized).toEqual([1]);
      expect(tree.lastFinalized.frame.rank).toBe(1);
      expect(tree.highestCertified).toBe(head);
      expect(store.lastFinalized()?.frame.rank).toBe(1);
      // Once the store writes again, the next certificate commits what the failed one could not.
      fail.value = false;
      tree.addFrame(frames[3]!);
      tree.addCertificate(certify(ring, frames[3]!));
      expect(finalized).toEqual([1, 2, 3]);
      expect(store.lastFinalized()?.frame.rank).toBe(3);
    });
  });

  it('finalizes nothing past the last final frame on a branch that forks below it', () => {
    const { tree, finalized } = treeOf();
    for (const f of frames.slice(0, 5)) tree.addFrame(f);
    expect(finalized).toEqual([1, 2, 3]);
    // Another frame 3 on frame 2 (never certified here), then a certified chain on top of it.
    const fork3 = frameBy(ring, ring.ids[3]!, frames[1]!, ['fork']);
    const fork4 = frameBy(ring, ring.ids[0]!, fork3);
    const fork5 = frameBy(ring, ring.ids[1]!, fork4);
    for (const f of [fork3, fork4, fork5]) tree.addFrame(f);
    expect(finalized).toEqual([1, 2, 3]);
  });
});
