/**
 * The timeouts as data: each state's default duration and the event its timer fires, per-state
 * overrides, and how the round's timeouts back off while ranks end without finalizing.
 */
import { ALL_STATES, MachineEvent as E, MachineState as S } from '../../src/machine/states';
import {
  BACKED_OFF_STATES,
  backedOffTimeout,
  DEFAULT_ROUND_BACKOFF,
  DEFAULT_TIMEOUTS,
  failureBackoffMs,
  timeoutFor,
} from '../../src/machine/timeouts';
import { transitionFor } from '../../src/machine/transitions';

describe('default timeouts', () => {
  it('are the documented durations and events, for every state but stopped', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({
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
    expect(Object.isFrozen(DEFAULT_TIMEOUTS)).toBe(true);
  });

  it("each timer's event has a row out of its state", () => {
    for (const state of ALL_STATES) {
      const timeout = DEFAULT_TIMEOUTS[state];
      if (timeout !== undefined) expect(transitionFor(state, timeout.event)).toBeDefined();
    }
  });
});

describe('timeoutFor', () => {
  it('is the default without an override, none for stopped', () => {
    expect(timeoutFor(S.Voting, undefined)).toEqual({ ms: 10_000, event: E.VotingTimeout });
    expect(timeoutFor(S.Voting, { [S.Loading]: 5 })).toEqual({ ms: 10_000, event: E.VotingTimeout });
    expect(timeoutFor(S.Stopped, { [S.Stopped]: 5 })).toBeUndefined();
  });

  it('takes the override duration, keeping the event', () => {
    expect(timeoutFor(S.Voting, { [S.Voting]: 250 })).toEqual({ ms: 250, event: E.VotingTimeout });
    expect(timeoutFor(S.Loading, { [S.Loading]: 0 })).toEqual({ ms: 0, event: E.SyncTimeout });
  });
});

describe('backedOffTimeout', () => {
  const voting = { ms: 1_000, event: E.VotingTimeout };
  const backoff = { factor: 2, max: 60_000 };

  it('backs off only the round states liveness_check and voting', () => {
    expect([...BACKED_OFF_STATES].sort()).toEqual([S.LivenessCheck, S.Voting].sort());
    for (const state of ALL_STATES.filter((s) => !BACKED_OFF_STATES.has(s)))
      expect(backedOffTimeout(state, voting, 3, backoff)).toBe(voting);
    expect(backedOffTimeout(S.LivenessCheck, voting, 1, backoff)).toEqual({
      ms: 2_000,
      event: E.VotingTimeout,
    });
  });

  it('is the base with no failed rank', () => {
    expect(backedOffTimeout(S.Voting, voting, 0, backoff)).toBe(voting);
    expect(backedOffTimeout(S.Voting, voting, -1, backoff)).toBe(voting);
  });

  it('multiplies by the factor per failed rank, up to the maximum', () => {
    expect([1, 2, 3, 5, 6, 7].map((n) => backedOffTimeout(S.Voting, voting, n, backoff).ms)).toEqual([
      2_000, 4_000, 8_000, 32_000, 60_000, 60_000,
    ]);
    expect(backedOffTimeout(S.Voting, voting, 2, { factor: 3, max: 60_000 }).ms).toBe(9_000);
    expect(backedOffTimeout(S.Voting, voting, 2, backoff).event).toBe(E.VotingTimeout);
  });

  it('never below the base, even with a maximum below it', () => {
    expect(backedOffTimeout(S.Voting, voting, 3, { factor: 2, max: 500 }).ms).toBe(1_000);
  });

  it('stays finite however many ranks failed', () => {
    const ms = backedOffTimeout(S.Voting, voting, 10_000, { factor: 2, max: Number.MAX_VALUE }).ms;
    expect(ms).toBe(1_000 * 2 ** 64);
  });

  it('defaults to doubling up to a minute', () => {
    expect(DEFAULT_ROUND_BACKOFF).toEqual({ factor: 2, max: 60_000 });
    expect(Object.isFrozen(DEFAULT_ROUND_BACKOFF)).toBe(true);
  });
});

describe('failureBackoffMs', () => {
  const backoff = { initial: 100, max: 1_000 };

  it('is nothing before any failure', () => {
    expect(failureBackoffMs(0, backoff)).toBe(0);
    expect(failureBackoffMs(-1, backoff)).toBe(0);
  });

  it('starts at the initial wait and doubles per failure in a row, up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => failureBackoffMs(n, backoff))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('stays finite however many failures', () => {
    expect(failureBackoffMs(10_000, { initial: 1, max: Number.MAX_VALUE })).toBe(2 ** 30);
  });
});
