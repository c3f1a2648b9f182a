/**
 * Reference liveness: collect the pending mutations of the pool for the round's rank and broadcast
 * them as this node's liveness (the leader proposes its own collection).
 */
import type { LivenessProvider } from '../../engine/types';
import { makeCollected } from '../collected';
import type { Collected, Frame } from '../types';
import type { NodeContext } from './context';

export function referenceLiveness(ctx: NodeContext): LivenessProvider<Frame, Collected> {
  return {
    collect() {
      return makeCollected(ctx.round(), ctx.pool.pending(ctx.maxMutationsPerFrame));
    },
    sendLiveness(_prior, collected) {
      ctx.send.liveness(collected);
    },
  };
}
