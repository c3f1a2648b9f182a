/**
 * The in-memory `ValidatorStore`: the reference validator's default, and the model a durable
 * store follows. It persists what it is given (the safety state comes from the safety rules) and
 * refuses a second, different message of one kind at one rank: the last line of defence against
 * double signing.
 */
import { canonicalJsonOf } from '../../wire/canonical';
import { NO_SAFETY_STATE } from '../safety-rules';
import type { Ballot, Frame, TimeoutVote } from '../types';
import { DoubleSignError } from './errors';
import type { FinalizedEntry, SafetyState, SignedAtRank, ValidatorStore } from './types';

export { DoubleSignError };

/** Record `message` as the one `kind` at `rank` in `signed`, refusing a different one. */
export function recordOnce<K extends 'proposal' | 'vote' | 'timeout'>(
  signed: Map<number, SignedAtRank>,
  kind: K,
  rank: number,
  message: NonNullable<SignedAtRank[K]>,
): boolean {
  const held = signed.get(rank);
  const known = held?.[kind];
  if (known !== undefined) {
    if (canonicalJsonOf(known) !== canonicalJsonOf(message)) throw new DoubleSignError(kind, rank);
    return false;
  }
  signed.set(rank, { ...held, [kind]: message });
  return true;
}

export interface MemoryStoreOptions {
  /**
   * How many frames of the finalized chain are kept, newest first, for serving catch-up (default
   * 4,096). Older frames are dropped, so a long run holds bounded memory; a peer further behind
   * than this cannot catch up from this validator.
   */
  readonly retainFinalized?: number;
}

/** The memory store's default finalized-chain retention, in frames. */
export const DEFAULT_RETAIN_FINALIZED = 4_096;

export interface MemoryValidatorStore extends ValidatorStore {
  /** Everything recorded, for tests and simulations: signed messages by rank, the finalized chain. */
  dump(): { signed: ReadonlyMap<number, SignedAtRank>; finalized: readonly FinalizedEntry[] };
}

export function createMemoryValidatorStore(options: MemoryStoreOptions = {}): MemoryValidatorStore {
  const retain = options.retainFinalized ?? DEFAULT_RETAIN_FINALIZED;
  if (!Number.isSafeInteger(retain) || retain < 1)
    throw new RangeError(`retainFinalized must be a positive integer, not ${String(retain)}`);
  const signed = new Map<number, SignedAtRank>();
  let safety: SafetyState = NO_SAFETY_STATE;
  let certified: FinalizedEntry | undefined;
  const finalized: FinalizedEntry[] = [];
  // Dropping one frame per append would shift the array every rank: drop an eighth at a time.
  const slack = Math.max(1, retain >> 3);
  let droppedThrough = -Infinity;

  /** Index of the first finalized entry with rank > `rank` (ranks strictly increase). */
  const firstAbove = (rank: number): number => {
    let lo = 0;
    let hi = finalized.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (finalized[mid]!.frame.rank <= rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    signedAt: (rank) => signed.get(rank),
    signedFrom: (rank) => [...signed.keys()].filter((r) => r >= rank).sort((a, b) => a - b),
    safety: () => safety,
    recordProposal(frame: Frame) {
      recordOnce(signed, 'proposal', frame.rank, frame);
    },
    recordVote(vote: Ballot, next: SafetyState) {
      if (recordOnce(signed, 'vote', vote.rank, vote)) safety = next;
    },
    recordTimeout(timeout: TimeoutVote, next: SafetyState) {
      if (recordOnce(signed, 'timeout', timeout.rank, timeout)) safety = next;
    },
    highestCertified: () => certified,
    recordCertified(entry) {
      if (certified === undefined || entry.frame.rank > certified.frame.rank) certified = entry;
    },
    appendFinalized(entry) {
      const last = finalized[finalized.length - 1];
      if (last !== undefined && entry.frame.rank <= last.frame.rank) {
        // The same frame again (a commit replayed after a restart) is a no-op, as on disk.
        const known = finalized[firstAbove(entry.frame.rank - 1)];
        if (known?.frame.rank === entry.frame.rank && known.frame.id === entry.frame.id) return;
        // Below what is retained (frames were dropped): nothing to compare with, nothing to change.
        if (droppedThrough >= entry.frame.rank) return;
        throw new RangeError(`finalized rank ${entry.frame.rank} does not follow ${last.frame.rank}`);
      }
      finalized.push(entry);
      if (finalized.length > retain + slack) {
        const dropped = finalized.splice(0, finalized.length - retain);
        droppedThrough = dropped[dropped.length - 1]!.frame.rank;
      }
    },
    lastFinalized: () => finalized[finalized.length - 1],
    finalizedAfter(afterRank, limit) {
      const from = firstAbove(afterRank);
      return finalized.slice(from, from + Math.max(0, limit));
    },
    pruneSignedBelow(rank) {
      for (const r of signed.keys()) if (r < rank) signed.delete(r);
    },
    close: () => undefined,
    dump: () => ({ signed, finalized }),
  };
}
