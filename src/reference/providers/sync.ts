/**
 * Reference sync: the highest certified frame this node knows (it learns them from proposals,
 * timeouts and catch-up answers), else what the machine has, else genesis.
 */
import type { SyncProvider } from '../../engine/types';
import type { Frame } from '../types';
import type { NodeContext } from './context';

export function referenceSync(ctx: NodeContext): SyncProvider<Frame> {
  return {
    synchronize(existing) {
      const known = ctx.tree.highestCertified.frame;
      if (existing === null || known.rank >= existing.rank) return known;
      return existing;
    },
  };
}
