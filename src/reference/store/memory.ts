/**
 * The in-memory `ValidatorStore`: the reference validator's default, and the model a durable
 * store follows. It refuses a second, different message of one kind at one rank: the last line
 * of defence against double signing.
 */
import { canonicalJsonOf } from '../../wire/canonical';
import { afterTimeout, NO_SAFETY_STATE } from '../safety-rules';
import type { Ballot, Frame, TimeoutVote } from '../types';
import type { FinalizedEntry, SafetyState, SignedAtRank, ValidatorStore } from './types';

/** A would-be second signature at a rank: a bug or a misuse, never something to send. */
export class DoubleSignError extends Error {
  override readonly name = 'DoubleSignError';
  constructor(
    readonly kind: 'proposal' | 'vote' | 'timeout',
    readonly rank: number,
  ) {
    super(`refusing to record a second, different ${kind} at rank ${rank}`);
  }
}

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

export interface MemoryValidatorStore extends ValidatorStore {
  /** Everything recorded, for tests and simulations: signed messages by rank, the finalized chain. */
  dump(): { signed: ReadonlyMap<number, SignedAtRank>; finalized: readonly FinalizedEntry[] };
}

export function createMemoryValidatorStore(): MemoryValidatorStore {
  const signed = new Map<number, SignedAtRank>();
  let safety: SafetyState = NO_SAFETY_STATE;
  let certified: FinalizedEntry | undefined;
  const finalized: FinalizedEntry[] = [];

  return {
    signedAt: (rank) => signed.get(rank),
    signedFrom: (rank) => [...signed.keys()].filter((r) => r >= rank).sort((a, b) => a - b),
    safety: () => safety,
    recordProposal(frame: Frame) {
      recordOnce(signed, 'proposal', frame.rank, frame);
    },
    recordVote(vote: Ballot, lockedRank: number) {
      recordOnce(signed, 'vote', vote.rank, vote);
      safety = {
        highestVotedRank: Math.max(safety.highestVotedRank, vote.rank),
        highestTimeoutRank: safety.highestTimeoutRank,
        lockedRank: Math.max(safety.lockedRank, lockedRank),
      };
    },
    recordTimeout(timeout: TimeoutVote) {
      recordOnce(signed, 'timeout', timeout.rank, timeout);
      safety = afterTimeout(safety, timeout.rank, timeout.highQcRank);
    },
    highestCertified: () => certified,
    recordCertified(entry) {
      if (certified === undefined || entry.frame.rank > certified.frame.rank) certified = entry;
    },
    appendFinalized(entry) {
      const last = finalized[finalized.length - 1];
      if (last !== undefined && entry.frame.rank <= last.frame.rank) {
        throw new RangeError(`finalized rank ${entry.frame.rank} does not follow ${last.frame.rank}`);
      }
      finalized.push(entry);
    },
    lastFinalized: () => finalized[finalized.length - 1],
    finalizedAfter(afterRank, limit) {
      const out: FinalizedEntry[] = [];
      for (const entry of finalized) {
        if (entry.frame.rank <= afterRank) continue;
        out.push(entry);
        if (out.length >= limit) break;
      }
      return out;
    },
    pruneSignedBelow(rank) {
      for (const r of signed.keys()) if (r < rank) signed.delete(r);
    },
    close: () => undefined,
    dump: () => ({ signed, finalized }),
  };
}
