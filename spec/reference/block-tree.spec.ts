/**
 * The block tree's commit rule (two-chain): a frame is final once a child one rank above it is
 * certified, with its ancestors; in whatever order frames and certificates arrive, and without a
 * frame missing high in the chain holding back what is final below it.
 */
import { BlockTree } from '../../src/reference/block-tree';
import { createMemoryValidatorStore } from '../../src/reference/store/memory';
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
