/**
 * A mutation is finalized once. A leader's pool keeps a mutation until a frame that includes it
 * is final, so a leader whose earlier frame is certified but not yet final (a restart, or a slow
 * commit) would propose the mutation again on top of it, and both frames could be finalized (the
 * nemesis saw it, seed 3). The leader leaves out what the chain it builds on already carries.
 */
import {
  BlockTree,
  createMemoryValidatorStore,
  createMutationPool,
  createPacemaker,
  createSafetyRules,
  ed25519Verifier,
  verificationFor,
  type Frame,
} from '../../src/reference';
import { makeCollected } from '../../src/reference/collected';
import { leaderAt, referenceLeader } from '../../src/reference/providers/leader';
import { certify, frameBy, genesis, keyring, silentBroadcasts } from './support';

const ring = keyring(4);

function leaderOnTopOf(chain: readonly Frame[], pending: readonly string[]) {
  const store = createMemoryValidatorStore();
  const tree = new BlockTree({ genesis, store, finalized: () => undefined, missing: () => undefined });
  for (const f of chain) tree.addFrame(f);
  const top = chain[chain.length - 1]!;
  const pacemaker = createPacemaker(ring.validators, certify(ring, top));
  const rank = pacemaker.rank();
  const self = leaderAt(ring.validators, rank);
  const check = verificationFor(ring.validators, ed25519Verifier, genesis);
  const pool = createMutationPool(pending);
  const leader = referenceLeader({
    self,
    signer: ring.signer(self),
    check,
    send: silentBroadcasts,
    pool,
    maxMutationsPerFrame: 16,
    prove: () => 'proof',
    store,
    safety: createSafetyRules({ self, signer: ring.signer(self), chain: check.chain, store }),
    tree,
    pacemaker,
    round: () => rank,
    timedOut: () => undefined,
    certified: () => undefined,
  });
  return leader.proveNextState(
    top,
    makeCollected(rank, pool.pending()),
    new AbortController().signal,
  ) as Frame;
}

describe('a leader building on certified frames that are not final yet', () => {
  it('leaves out the mutations they carry, and keeps the rest', () => {
    const f1 = frameBy(ring, 'v1', genesis, ['m1']);
    const f2 = frameBy(ring, 'v2', f1, ['m2']);
    const frame = leaderOnTopOf([f1, f2], ['m1', 'm2', 'm3']);
    expect(frame.rank).toBe(3);
    expect(frame.mutations).toEqual(['m3']);
  });

  it('proposes its whole pool on a final frame', () => {
    const frame = leaderOnTopOf([genesis], ['m1', 'm2']);
    expect(frame.mutations).toEqual(['m1', 'm2']);
  });
});
