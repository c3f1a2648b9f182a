/**
 * Default per-state timeouts: how long a state may last and which event its
 * timer fires. Where the seed names a success event for running out of time, the failure event
 * is used instead. Durations are overridable per state through the `timeouts` option.
 */
import { MachineEvent as E, MachineState as S } from './states';
import type { MachineEvent, MachineState } from './states';

export interface StateTimeout {
  readonly ms: number;
  readonly event: MachineEvent;
}

export const DEFAULT_TIMEOUTS: Readonly<Partial<Record<MachineState, StateTimeout>>> = Object.freeze({
  [S.Starting]: { ms: 1_000, event: E.InitComplete },
  [S.Loading]: { ms: 600_000, event: E.SyncTimeout },
  [S.Collecting]: { ms: 1_000, event: E.CollectionDone },
  [S.LivenessCheck]: { ms: 1_000, event: E.LivenessTimeout },
  [S.Proving]: { ms: 120_000, event: E.PublishTimeout },
  [S.Publishing]: { ms: 1_000, event: E.PublishTimeout },
  [S.Voting]: { ms: 10_000, event: E.VotingTimeout },
  [S.Finalizing]: { ms: 1_000, event: E.AggregationTimeout },
  [S.Verifying]: { ms: 1_000, event: E.VerificationTimeout },
  [S.Stopping]: { ms: 30_000, event: E.CleanupComplete },
});

/** How a round's timeouts grow while ranks end without finalizing. */
export interface RoundBackoff {
  /** Each rank in a row that ended without finalizing multiplies the timeout by this (default 2). */
  readonly factor: number;
  /** The longest a backed-off timeout grows to, in ms (default 60 s; never below the base). */
  readonly max: number;
}

export const DEFAULT_ROUND_BACKOFF: RoundBackoff = Object.freeze({ factor: 2, max: 60_000 });

/** The states whose timeout is the round's: they back off while ranks fail. */
export const BACKED_OFF_STATES: ReadonlySet<MachineState> = new Set([S.LivenessCheck, S.Voting]);

/**
 * The timeout of `state` after `failedRanks` ranks in a row ended without finalizing: the base
 * duration times `factor` per failed rank, at most `max` (never less than the base).
 */
export function backedOffTimeout(
  state: MachineState,
  base: StateTimeout,
  failedRanks: number,
  backoff: RoundBackoff,
): StateTimeout {
  if (failedRanks <= 0 || !BACKED_OFF_STATES.has(state)) return base;
  const grown = base.ms * backoff.factor ** Math.min(failedRanks, 64);
  return { ms: Math.min(Math.max(base.ms, backoff.max), grown), event: base.event };
}

/** The effective timeout of `state` given per-state overrides in milliseconds. */
export function timeoutFor(
  state: MachineState,
  overrides: Partial<Record<MachineState, number>> | undefined,
): StateTimeout | undefined {
  const base = DEFAULT_TIMEOUTS[state];
  if (base === undefined) return undefined;
  const ms = overrides?.[state];
  return ms === undefined ? base : { ms, event: base.event };
}

/** How long loading waits before synchronizing again after provider failures in a row. */
export interface FailureBackoff {
  /** The wait after the first failure, in ms (default 100). */
  readonly initial: number;
  /** The longest wait, in ms. */
  readonly max: number;
}

/** The wait after `failures` provider failures in a row: `initial`, doubling per failure, at most `max`. */
export function failureBackoffMs(failures: number, backoff: FailureBackoff): number {
  if (failures <= 0) return 0;
  return Math.min(backoff.max, backoff.initial * 2 ** Math.min(failures - 1, 30));
}
