/**
 * What a reference node remembers between provider calls. The engine's provider calls do not all
 * carry the prior frame (`collect`, `decideAndSendVote` and `isQuorum` do not), so the node follows
 * it from the calls that do (sync, leaders, liveness, proving) and from what it finalizes. It also
 * keeps this node's own collection and proposal per rank (and when it started deciding its vote), so re-entering a round (after
 * `induce_sync` or a timeout) re-sends the same data instead of a conflicting one.
 */
import type { Collected, Frame } from './types';

export interface RoundMemory {
  /** The latest frame this node builds on; null before the first sync. */
  prior: Frame | null;
  readonly collected: Map<number, Collected>;
  readonly proposals: Map<string, Frame>;
  /** When this node started deciding its vote at a rank (its patience runs from there). */
  readonly decidingSince: Map<number, number>;
}

export const createRoundMemory = (): RoundMemory => ({
  prior: null,
  collected: new Map(),
  proposals: new Map(),
  decidingSince: new Map(),
});

/**
 * Follow `frame` (the machine's active frame, or the one just finalized) as the prior, and forget
 * own data at or below it. Unconditional: after `induce_sync` the machine may go back to an older
 * active frame than one this node finalized but never verified.
 */
export function followPrior(memory: RoundMemory, frame: Frame | null): void {
  if (frame === null) return;
  memory.prior = frame;
  for (const rank of memory.collected.keys()) if (rank <= frame.rank) memory.collected.delete(rank);
  for (const [key, proposal] of memory.proposals)
    if (proposal.rank <= frame.rank) memory.proposals.delete(key);
  for (const rank of memory.decidingSince.keys()) if (rank <= frame.rank) memory.decidingSince.delete(rank);
}
