/**
 * Reference leader: the leader of rank r is the first of the node's leader schedule for r (round
 * robin over the validator set, or skipping validators without recent finalized frames). The
 * engine asks every node to prove; the leader builds and signs its frame on the highest
 * certified frame it knows (carrying that certificate, and the timeout certificate of r − 1 when
 * the certified frame is older), records it before anything can send it, and re-proposes the
 * recorded frame on every later ask. A frame leaves out the mutations its certified, not yet final
 * ancestors carry. Other nodes answer with an unsigned frame of their own that
 * is never sent or voted for (the engine needs a state to hold).
 */
import { NEVER } from 'rxjs';
import type { LeaderProvider } from '../../engine/types';
import { buildFrame } from '../frame';
import type { Collected, Frame, PeerId } from '../types';
import type { ValidatorSet } from '../validator-set';
import type { NodeContext } from './context';

/** For the frames nobody will see: no signature. */
const UNSIGNED = { publicKey: '', sign: () => '' };

/** The leader of `rank` by round robin: the first of the validator set's order for it. */
export const leaderAt = (validators: ValidatorSet, rank: number): PeerId => validators.leaderOrder(rank)[0]!;

/** The leader of `rank` by this node's schedule (round robin unless it was given another rule). */
export const leaderOf = (ctx: NodeContext, rank: number): PeerId => ctx.leaders.leaderAt(rank);

export function referenceLeader(ctx: NodeContext): LeaderProvider<Frame, PeerId, Collected> {
  return {
    getNextLeaders() {
      return ctx.leaders.leaderOrder(ctx.round());
    },
    proveNextState(_prior, collected) {
      const rank = ctx.round();
      // Behind the certificates this node knows: the machine is about to move on.
      if (rank !== ctx.pacemaker.rank()) return NEVER;
      const leading = leaderOf(ctx, rank) === ctx.self;
      const recorded = ctx.store.signedAt(rank)?.proposal;
      if (leading && recorded !== undefined) return recorded;
      const { highQc, lastTc } = ctx.pacemaker;
      // A mutation leaves the pool when a frame carrying it is final: until then, the frames this
      // one builds on may already carry it, and both would be finalized. When this node does not
      // hold them all (it learnt the certificate first), it proposes no mutation at all.
      const carried = ctx.tree.mutationsAbove(highQc.frame);
      const mutations =
        carried === undefined
          ? []
          : collected.mutations.filter((m) => !carried.has(m)).slice(0, ctx.maxMutationsPerFrame);
      const frame = buildFrame(
        {
          rank,
          prior: { id: highQc.frame, rank: highQc.rank },
          justify: highQc,
          timeout: highQc.rank + 1 === rank ? null : lastTc,
          proposer: ctx.self,
          mutations,
          proof: ctx.prove(highQc.frame, mutations),
        },
        leading ? ctx.signer : UNSIGNED,
        ctx.check.chain,
      );
      if (leading) ctx.safety.propose(frame);
      return frame;
    },
  };
}
