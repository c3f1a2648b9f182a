/**
 * What a node keeps across a crash, as a disk would: the votes it cast (so a restarted node never
 * votes twice at one rank), the last frame it made active (where it restarts from), and its
 * mutation pool (so it proposes the same frame again rather than a conflicting one).
 */
import { createMemoryVoteStore } from '../../engine/vote-store';
import type { VoteStore } from '../../engine/types';
import { createMutationPool, type MutationPool } from '../../reference/mutation-pool';
import type { Ballot, Frame, PeerId } from '../../reference/types';

export interface DurableStore {
  readonly votes: VoteStore<Ballot, PeerId>;
  /** The last frame the node made active; null before its first sync. */
  lastFrame: Frame | null;
  readonly pool: MutationPool;
}

export function createDurableStore(mutations: Iterable<string> = []): DurableStore {
  return {
    votes: createMemoryVoteStore<Ballot, PeerId>(),
    lastFrame: null,
    pool: createMutationPool(mutations),
  };
}
