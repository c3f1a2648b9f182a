/**
 * Reference liveness: collect the pending mutations of the pool for the round's rank, leaving out
 * those the certified frames it would build on already carry. Nothing is
 * broadcast: the leader proposes from its own pool and waits for nobody's liveness (the machine
 * needs one liveness check, this node's own), so a liveness message would only cost every peer a
 * signature check.
 */
import type { LivenessProvider } from '../../engine/types';
import { makeCollected } from '../collected';
import type { Collected, Frame } from '../types';
import type { NodeContext } from './context';

export function referenceLiveness(ctx: NodeContext): LivenessProvider<Frame, Collected> {
  return {
    collect() {
      // What the frames this node would build on carry is still in the pool (it leaves when
      // final) and must not be proposed again: collect past it.
      const carried = ctx.tree.mutationsAbove(ctx.pacemaker.highQc.frame);
      const pending = carried === undefined ? [] : ctx.pool.pending(ctx.maxMutationsPerFrame, carried);
      return makeCollected(ctx.round(), pending);
    },
    sendLiveness() {
      return undefined;
    },
  };
}
