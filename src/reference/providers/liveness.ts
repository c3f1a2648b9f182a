/**
 * Reference liveness: collect the pending mutations of the pool for the next rank (the same
 * collection again if this rank was already collected) and broadcast it as this node's liveness.
 */
import type { LivenessProvider } from '../../engine/types';
import { makeCollected } from '../collected';
import { followPrior } from '../round-memory';
import type { Collected, Frame } from '../types';
import { priorOf, type NodeContext } from './context';

export function referenceLiveness(ctx: NodeContext): LivenessProvider<Frame, Collected> {
  return {
    collect() {
      const rank = priorOf(ctx).rank + 1;
      const known = ctx.memory.collected.get(rank);
      if (known !== undefined) return known;
      const collected = makeCollected(rank, ctx.pool.pending(ctx.maxMutationsPerFrame));
      ctx.memory.collected.set(rank, collected);
      return collected;
    },
    sendLiveness(prior, collected) {
      followPrior(ctx.memory, prior);
      ctx.send.liveness(collected);
    },
  };
}
