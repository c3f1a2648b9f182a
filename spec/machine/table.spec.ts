/**
 * The machine's vocabulary and table as data: the names are the wire strings, the table indexes
 * one row per (state, event), and the lookups read it.
 */
import {
  ALL_EVENTS,
  ALL_STATES,
  isMachineEvent,
  isMachineState,
  MachineEvent as E,
  MachineState as S,
} from '../../src/machine/states';
import {
  eventsFrom,
  indexTransitions,
  LATER_RANK,
  ROUND_STATES,
  RUNNING_STATES,
  TRANSITION_INDEX,
  TRANSITIONS,
  transitionFor,
} from '../../src/machine/transitions';

describe('states and events', () => {
  it('are the wire names, states in the order a round runs', () => {
    expect(ALL_STATES).toEqual([
      'stopped',
      'starting',
      'loading',
      'collecting',
      'liveness_check',
      'proving',
      'publishing',
      'voting',
      'finalizing',
      'verifying',
      'stopping',
    ]);
    expect(ALL_EVENTS).toEqual([
      'start',
      'stop',
      'sync_timeout',
      'induce_sync',
      'sync_complete',
      'init_complete',
      'collection_done',
      'liveness_check_received',
      'liveness_timeout',
      'prover_signal',
      'proof_complete',
      'publish_complete',
      'publish_timeout',
      'proposal_received',
      'vote_received',
      'quorum_reached',
      'voting_timeout',
      'aggregation_done',
      'aggregation_timeout',
      'confirmation_received',
      'verification_done',
      'verification_timeout',
      'cleanup_complete',
      'rank_advanced',
    ]);
  });

  it('are told from anything else', () => {
    expect(isMachineState('voting')).toBe(true);
    expect(isMachineEvent('vote_received')).toBe(true);
    for (const other of ['vote_received', 'Voting', '', 3, null, undefined, { toString: () => 'voting' }])
      expect(isMachineState(other)).toBe(false);
    for (const other of ['voting', 'VOTE_RECEIVED', '', 3, null, ['start']])
      expect(isMachineEvent(other)).toBe(false);
  });
});

describe('the transition table', () => {
  it('groups its states: a round, and a running machine', () => {
    expect(ROUND_STATES).toEqual([
      S.Collecting,
      S.LivenessCheck,
      S.Proving,
      S.Publishing,
      S.Voting,
      S.Finalizing,
      S.Verifying,
    ]);
    expect(RUNNING_STATES).toEqual([S.Starting, S.Loading, ...ROUND_STATES]);
  });

  it('stop, induce_sync and rank_advanced (for a later rank) apply where documented', () => {
    // Strictly: a row without a guard has no `guard` field at all, so it compares and prints as
    // the documented table does.
    for (const state of RUNNING_STATES) {
      expect(transitionFor(state, E.Stop)).toStrictEqual({ from: state, event: E.Stop, to: S.Stopping });
      expect(transitionFor(state, E.InduceSync)).toStrictEqual({
        from: state,
        event: E.InduceSync,
        to: S.Loading,
      });
    }
    for (const state of ROUND_STATES)
      expect(transitionFor(state, E.RankAdvanced)).toEqual({
        from: state,
        event: E.RankAdvanced,
        to: S.Collecting,
        guard: LATER_RANK,
      });
    expect(LATER_RANK).toBe('later rank');
  });

  it('marks exactly the rows that only re-evaluate a condition as internal', () => {
    expect(TRANSITIONS.filter((t) => t.internal === true).map((t) => `${t.from} ${t.event}`)).toEqual([
      'liveness_check liveness_check_received',
      'voting proposal_received',
      'voting vote_received',
    ]);
    for (const t of TRANSITIONS.filter((r) => r.internal === true)) expect(t.to).toBe(t.from);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
  });

  it('is indexed by state, then event: one row per pair', () => {
    for (const t of TRANSITIONS) expect(TRANSITION_INDEX.get(t.from)!.get(t.event)).toBe(t);
    const rows = [...TRANSITION_INDEX.values()].reduce((n, byEvent) => n + byEvent.size, 0);
    expect(rows).toBe(TRANSITIONS.length);
    expect(transitionFor(S.Stopped, E.Stop)).toBeUndefined();
    expect(transitionFor('nowhere' as S, E.Start)).toBeUndefined();
  });

  it('refuses a table listing a pair twice', () => {
    const row = { from: S.Stopped, event: E.Start, to: S.Starting } as const;
    expect(() => indexTransitions([row, { ...row, to: S.Loading }])).toThrow(
      'transition table lists stopped --start--> twice',
    );
    expect(indexTransitions([row]).get(S.Stopped)!.get(E.Start)).toBe(row);
  });

  it('lists the events out of a state in table order', () => {
    expect(eventsFrom(S.Stopped)).toEqual([E.Start]);
    expect(eventsFrom(S.Verifying)).toEqual([
      E.VerificationDone,
      E.VerificationTimeout,
      E.RankAdvanced,
      E.Stop,
      E.InduceSync,
    ]);
    expect(eventsFrom(S.Stopping)).toEqual([E.CleanupComplete]);
    expect(eventsFrom('nowhere' as S)).toEqual([]);
  });
});
