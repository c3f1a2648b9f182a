/**
 * The reducer against the transition table, row by row: every row of `TRANSITIONS` is taken from
 * its `from` state by its event (the `rank_advanced` rows, whose guard the reducer checks, by an
 * `advance`, under both branches of the guard; rows whose guard the raising effect evaluates by
 * their event), and every (state, event) pair without a row is refused and changes
 * nothing. The reducer alone: no machine, no scheduler.
 */
import { ALL_EVENTS, ALL_STATES, MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { ENOUGH_LIVENESS, NEXT_LEADER, QUORUM } from '../../src/machine/guards';
import { LATER_RANK, TRANSITIONS, transitionFor, type Transition } from '../../src/machine/transitions';
import type { InboundKind } from '../../src/engine/inputs';
import { inbound, reducer, snapshotIn, stored } from './reducer-support';

const reduce = reducer();
const NOW = 250;
const label = (t: Transition) => `${t.from} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.to}`;

/** The inbound kind whose newly stored item raises `event`, if any. */
const RECEIVED: Partial<Record<E, InboundKind>> = {
  [E.ProposalReceived]: 'proposal',
  [E.VoteReceived]: 'vote',
  [E.LivenessCheckReceived]: 'liveness',
  [E.ConfirmationReceived]: 'confirmation',
};

/** Rows the reducer guards itself (`later rank`), taken by an `advance`. */
const guarded = TRANSITIONS.filter((t) => t.guard === LATER_RANK);
/** Rows taken by their event: unguarded, or guarded by the effect that raises the event. */
const unguarded = TRANSITIONS.filter((t) => t.guard !== LATER_RANK);

describe('the reducer takes every row of TRANSITIONS', () => {
  it('the table has rows of every kind this spec checks', () => {
    expect(unguarded.filter((t) => t.internal === true).length).toBeGreaterThan(0);
    expect(unguarded.filter((t) => t.internal !== true && t.from === t.to).length).toBeGreaterThan(0);
    expect(guarded.length).toBe(7);
    expect(new Set(unguarded.map((t) => t.guard))).toEqual(
      new Set([undefined, NEXT_LEADER, ENOUGH_LIVENESS, QUORUM]),
    );
  });

  describe.each(unguarded.filter((t) => t.internal !== true).map((t) => [label(t), t] as const))(
    '%s',
    (_name, row) => {
      it('is a real transition: exit, entry, a fresh epoch, the transition published', () => {
        const before = snapshotIn(row.from);
        const { snapshot, outcome } = reduce(before, { type: 'event', event: row.event }, NOW);
        expect(outcome).toEqual({
          type: 'transition',
          transition: { from: row.from, to: row.to, event: row.event, at: NOW },
        });
        expect(snapshot.state).toBe(row.to);
        expect(snapshot.transitionCount).toBe(before.transitionCount + 1);
        expect(snapshot.enteredAt).toBe(NOW);
        expect(snapshot.lastEvent).toBe(row.event);
        // The input is never mutated.
        expect(before.state).toBe(row.from);
        expect(before.transitionCount).toBe(7);
      });

      it('is taken by an effect of the current entry, ignored from an entry already left', () => {
        const before = snapshotIn(row.from);
        const current = reduce(before, { type: 'event', event: row.event, epoch: 7 }, NOW);
        expect(current.snapshot.state).toBe(row.to);
        const stale = reduce(before, { type: 'event', event: row.event, epoch: 6 }, NOW);
        expect(stale.outcome).toEqual({
          type: 'ignored',
          reason: `${row.event} from a state entry already left`,
        });
        expect(stale.snapshot).toBe(before);
      });
    },
  );

  describe.each(unguarded.filter((t) => t.internal === true).map((t) => [label(t), t] as const))(
    '%s (internal)',
    (_name, row) => {
      it('by its event: stays, no entry, nothing else changes', () => {
        const before = snapshotIn(row.from);
        const { snapshot, outcome } = reduce(before, { type: 'event', event: row.event }, NOW);
        expect(outcome).toEqual({ type: 'internal', event: row.event });
        expect(snapshot).toBe(before);
      });

      it('by a newly stored inbound item: stored, stays, no entry', () => {
        const kind = RECEIVED[row.event]!;
        const before = snapshotIn(row.from);
        const { snapshot, outcome } = reduce(before, inbound(kind, 6, 'p1'), NOW);
        expect(outcome).toEqual({ type: 'internal', event: row.event, stored: kind });
        expect(snapshot.state).toBe(row.from);
        expect(snapshot.transitionCount).toBe(before.transitionCount);
        expect(snapshot.enteredAt).toBe(before.enteredAt);
        expect([...stored(snapshot, kind, 6).keys()]).toEqual(['p1']);
      });
    },
  );

  describe.each(guarded.map((t) => [label(t), t] as const))('%s', (_name, row) => {
    it('guard holds (a later rank): transition, the rank is over', () => {
      const before = snapshotIn(row.from);
      const { snapshot, outcome } = reduce(
        before,
        { type: 'advance', rank: 8, state: null, stateRank: -1 },
        NOW,
      );
      expect(outcome).toEqual({
        type: 'transition',
        transition: { from: row.from, to: row.to, event: row.event, at: NOW },
      });
      expect(snapshot.state).toBe(row.to);
      expect(snapshot.activeRank).toBe(7);
      expect(snapshot.transitionCount).toBe(before.transitionCount + 1);
    });

    it('guard fails (the round in progress or older): refused as stale, nothing changes', () => {
      const before = snapshotIn(row.from);
      for (const rank of [6, 5, 0]) {
        const { snapshot, outcome } = reduce(
          before,
          { type: 'advance', rank, state: null, stateRank: -1 },
          NOW,
        );
        expect(outcome).toEqual({
          type: 'rejected',
          rejection: { reason: 'stale', kind: 'advance', rank, activeRank: 5 },
        });
        expect(snapshot).toBe(before);
      }
    });
  });
});

const PAIRS = ALL_STATES.flatMap((state) => ALL_EVENTS.map((event) => [state, event] as const));
const missing = PAIRS.filter(([state, event]) => transitionFor(state, event) === undefined);

describe('an event with no row is refused and changes nothing', () => {
  it('the table leaves most pairs without a row', () => {
    expect(missing.length + TRANSITIONS.length).toBe(PAIRS.length);
    expect(missing).toContainEqual([S.Stopped, E.Stop]);
    expect(missing).toContainEqual([S.Voting, E.ConfirmationReceived]);
  });

  it.each(missing)('%s refuses %s', (state, event) => {
    const before = snapshotIn(state);
    const { snapshot, outcome, input } = reduce(before, { type: 'event', event }, NOW);
    expect(outcome).toEqual({ type: 'rejected', rejection: { reason: 'no_transition', state, event } });
    expect(snapshot).toBe(before);
    expect(input).toEqual({ type: 'event', event });
  });

  it.each(ALL_STATES.filter((s) => transitionFor(s, E.RankAdvanced) === undefined))(
    '%s refuses an advance to a later rank (no rank_advanced row)',
    (state) => {
      const before = snapshotIn(state);
      const { snapshot, outcome } = reduce(
        before,
        { type: 'advance', rank: 9, state: null, stateRank: -1 },
        NOW,
      );
      expect(outcome).toEqual({
        type: 'rejected',
        rejection: { reason: 'no_transition', state, event: E.RankAdvanced },
      });
      expect(snapshot).toBe(before);
    },
  );
});
