/**
 * Reference leader: every validator is a next leader, in round-robin priority for the next rank,
 * and every validator builds and signs a proposal (the engine calls `proveNextState` on every
 * node; the vote decision then prefers the highest-priority valid proposal). A node re-entering a
 * round proposes the same frame again, never a conflicting one.
 */
import type { LeaderProvider } from '../../engine/types';
import { buildFrame } from '../frame';
import { followPrior } from '../round-memory';
import type { Collected, Frame, PeerId } from '../types';
import { priorOf, type NodeContext } from './context';

export function referenceLeader(ctx: NodeContext): LeaderProvider<Frame, PeerId, Collected> {
  return {
    getNextLeaders(prior) {
      followPrior(ctx.memory, prior);
      return ctx.check.validators.leaderOrder(priorOf(ctx).rank + 1);
    },
    proveNextState(prior, collected) {
      followPrior(ctx.memory, prior);
      const base = priorOf(ctx);
      const key = `${base.rank + 1}:${base.id}`;
      const known = ctx.memory.proposals.get(key);
      if (known !== undefined) return known;
      const mutations = collected.mutations.slice(0, ctx.maxMutationsPerFrame);
      const frame = buildFrame(
        { prior: base, proposer: ctx.self, mutations, proof: ctx.prove(base, mutations) },
        ctx.signer,
      );
      ctx.memory.proposals.set(key, frame);
      return frame;
    },
  };
}
