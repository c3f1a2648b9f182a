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
  type Collected,
  type Frame,
} from '../../src/reference';
import { leaderAt, referenceLeader } from '../../src/reference/providers/leader';
import { roundRobinSchedule } from '../../src/reference/leader-schedule';
import { referenceLiveness } from '../../src/reference/providers/liveness';
import { certify, frameBy, genesis, keyring, silentBroadcasts } from './support';

const ring = keyring(4);

function leaderOnTopOf(
  chain: readonly Frame[],
  pending: readonly string[],
  perFrame = 16,
  held: (f: Frame) => boolean = () => true,
) {
  const store = createMemoryValidatorStore();
  const tree = new BlockTree({ genesis, store, finalized: () => undefined, missing: () => undefined });
  for (const f of chain) if (held(f)) tree.addFrame(f);
  const top = chain[chain.length - 1]!;
  const pacemaker = createPacemaker(ring.validators, certify(ring, top));
  const rank = pacemaker.rank();
  const self = leaderAt(ring.validators, rank);
  const check = verificationFor(ring.validators, ed25519Verifier, genesis);
  const pool = createMutationPool(pending);
  const ctx = {
    self,
    signer: ring.signer(self),
    check,
    send: silentBroadcasts,
    pool,
    maxMutationsPerFrame: perFrame,
    prove: () => 'proof',
    store,
    safety: createSafetyRules({ self, signer: ring.signer(self), chain: check.chain, store }),
    tree,
    pacemaker,
    round: () => rank,
    votesTo: 'everyone' as const,
    leaders: roundRobinSchedule(ring.validators),
    timedOut: () => undefined,
    certified: () => undefined,
  };
  // What the node collects (its liveness step), then what it proposes from that.
  const collected = referenceLiveness(ctx).collect(new AbortController().signal) as Collected;
  return referenceLeader(ctx).proveNextState(top, collected, new AbortController().signal) as Frame;
}

describe('a leader building on certified frames that are not final yet', () => {
  it('leaves out the mutations they carry, and keeps the rest', () => {
    const f1 = frameBy(ring, 'v1', genesis, ['m1']);
    const f2 = frameBy(ring, 'v2', f1, ['m2']);
    const frame = leaderOnTopOf([f1, f2], ['m1', 'm2', 'm3']);
    expect(frame.rank).toBe(3);
    expect(frame.mutations).toEqual(['m3']);
  });

  it('fills the frame from behind them when they fill the front of the pool', () => {
    const f1 = frameBy(ring, 'v1', genesis, ['m1', 'm2']);
    const f2 = frameBy(ring, 'v2', f1, ['m3']);
    const pool = ['m1', 'm2', 'm3', 'm4', 'm5'];
    expect(leaderOnTopOf([f1, f2], pool, 2).mutations).toEqual(['m4', 'm5']);
  });

  it('proposes no mutation when it lacks one of them (it learnt the certificate first, as after a restart)', () => {
    const f1 = frameBy(ring, 'v1', genesis, ['m1']);
    const f2 = frameBy(ring, 'v2', f1, ['m2']);
    const f3 = frameBy(ring, 'v3', f2, ['m3']);
    const frame = leaderOnTopOf([f1, f2, f3], ['m2', 'm4'], 16, (f) => f !== f2);
    expect(frame.rank).toBe(4);
    expect(frame.mutations).toEqual([]);
  });

  it('proposes its whole pool on a final frame', () => {
    const frame = leaderOnTopOf([genesis], ['m1', 'm2']);
    expect(frame.mutations).toEqual(['m1', 'm2']);
  });
});
