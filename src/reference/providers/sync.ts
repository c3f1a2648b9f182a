/**
 * Reference sync: keep the frame the machine already has, or start from genesis. A node that falls
 * behind catches up through the frames it finalizes; fetching frames from peers is left to a
 * custom sync provider.
 */
import type { SyncProvider } from '../../engine/types';
import { followPrior } from '../round-memory';
import type { Frame } from '../types';
import type { NodeContext } from './context';

export function referenceSync(ctx: NodeContext): SyncProvider<Frame> {
  return {
    synchronize(existing) {
      const frame = existing ?? ctx.check.genesis;
      followPrior(ctx.memory, frame);
      return frame;
    },
  };
}
