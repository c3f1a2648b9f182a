/**
 * The reducer: a pure, total function (snapshot, input, now) → step. No I/O, no clock (the time
 * is an argument), no randomness, no mutation of its input. It decides transitions from the
 * table, stores inbound data first-write-wins, and applies the data state effects hand it.
 */
import { laterRank } from '../machine/guards';
import { CONSENSUS_KINDS, MESSAGE_KINDS, type ConsensusKind } from '../machine/message-kinds';
import { rankStanding } from '../machine/rank-window';
import { MachineEvent, MachineState } from '../machine/states';
import type { TransitionIndex } from '../machine/transitions';
import type { AdvanceInput, EventInput, Inbound, Input, Update } from './inputs';
import type { Outcome } from './outcome';
import type { RejectionDetails } from './rejection';
import { entered, withRounds, type MachineSnapshot } from './snapshot';

export interface Step<S, V, P, C> {
  readonly snapshot: MachineSnapshot<S, V, P, C>;
  readonly outcome: Outcome;
  readonly input: Input<S, V, P, C> | null;
}

export interface ReducerConfig {
  readonly transitions: TransitionIndex;
  /** Ranks beyond the active one accepted inbound. */
  readonly rankWindow: number;
  /** Most items of one kind stored at one rank (no limit when undefined). */
  readonly maxItemsPerRank?: number;
}

const SETTLED: Outcome = Object.freeze({ type: 'settled' });
/** One frozen outcome per message kind and way of taking it (built once: these run per message). */
const perKind = (outcome: (kind: ConsensusKind) => Outcome) =>
  Object.fromEntries(CONSENSUS_KINDS.map((k) => [k, Object.freeze(outcome(k))])) as Record<
    ConsensusKind,
    Outcome
  >;
const STORED = perKind((kind) => ({ type: 'stored', kind }));
const DUPLICATE = perKind((kind) => ({ type: 'duplicate', kind }));
const INTERNAL_STORED = perKind((kind) => ({
  type: 'internal',
  event: MESSAGE_KINDS[kind].received,
  stored: kind,
}));
const UPDATED: Outcome = Object.freeze({ type: 'updated' });

export type Reducer<S, V, P, C> = (
  snapshot: MachineSnapshot<S, V, P, C>,
  input: Input<S, V, P, C>,
  now: number,
) => Step<S, V, P, C>;

export function createReducer<S, V, P, C>(config: ReducerConfig): Reducer<S, V, P, C> {
  type Snap = MachineSnapshot<S, V, P, C>;
  const step = (snapshot: Snap, outcome: Outcome, input: Input<S, V, P, C>): Step<S, V, P, C> => ({
    snapshot,
    outcome,
    input,
  });
  const rejected = (snapshot: Snap, rejection: RejectionDetails, input: Input<S, V, P, C>) =>
    step(snapshot, { type: 'rejected', rejection }, input);

  /** Take a real transition row: exit, entry, and the entry's data resets. */
  function enter(s: Snap, to: MachineState, event: MachineEvent, now: number): Snap {
    let next: Snap = entered(s, to, event, now);
    // A restart after a fault is a fresh run: the fault stays readable until then.
    if (event === MachineEvent.Start && s.fault !== null) next = { ...next, fault: null };
    if (event === MachineEvent.VerificationDone && s.finalized !== null) {
      const rank = Math.max(s.activeRank, s.finalized.rank);
      next = {
        ...next,
        activeState: s.finalized.state,
        activeRank: rank,
        failedRanks: settled(s),
        providerFailures: 0,
        rounds: s.rounds.pruneThrough(rank),
        finalized: null,
      };
    }
    if (event === MachineEvent.VotingTimeout || event === MachineEvent.LivenessTimeout) {
      next = { ...next, roundTimedOut: true };
    }
    if (to === MachineState.Collecting) {
      next = { ...next, nextProvers: [], chosenProposer: null, collected: null, roundTimedOut: false };
    }
    return next;
  }

  function applyEvent(s: Snap, input: EventInput, now: number): Step<S, V, P, C> {
    if (input.epoch !== undefined && input.epoch !== s.transitionCount) {
      return step(s, { type: 'ignored', reason: `${input.event} from a state entry already left` }, input);
    }
    const row = config.transitions.get(s.state)?.get(input.event);
    if (row === undefined)
      return rejected(s, { reason: 'no_transition', state: s.state, event: input.event }, input);
    if (row.internal) return step(s, { type: 'internal', event: input.event }, input);
    let next = enter(s, row.to, input.event, now);
    if (input.failedProvider !== undefined) next = { ...next, providerFailures: s.providerFailures + 1 };
    return step(
      next,
      { type: 'transition', transition: { from: s.state, to: row.to, event: input.event, at: now } },
      input,
    );
  }

  /** A certificate ended the round: run `input.rank` next (a later rank than the one in progress). */
  function advance(s: Snap, input: AdvanceInput<S>, now: number): Step<S, V, P, C> {
    const over = input.rank - 1;
    if (!laterRank(over, s.activeRank)) {
      return rejected(
        s,
        { reason: 'stale', kind: 'advance', rank: input.rank, activeRank: s.activeRank },
        input,
      );
    }
    const row = config.transitions.get(s.state)?.get(MachineEvent.RankAdvanced);
    if (row === undefined)
      return rejected(
        s,
        { reason: 'no_transition', state: s.state, event: MachineEvent.RankAdvanced },
        input,
      );
    const progressed = input.state !== null && input.stateRank === over;
    const moved: Snap = {
      ...s,
      activeState: input.state ?? s.activeState,
      activeRank: over,
      failedRanks: progressed ? settled(s) : s.failedRanks + 1,
      rounds: s.rounds.pruneThrough(over),
      finalized: null,
    };
    const next = enter(moved, row.to, MachineEvent.RankAdvanced, now);
    return step(
      next,
      {
        type: 'transition',
        transition: { from: s.state, to: row.to, event: MachineEvent.RankAdvanced, at: now },
      },
      input,
    );
  }

  function receive(s: Snap, m: Inbound<S, V, P, C>, now: number): Step<S, V, P, C> {
    const standing = rankStanding(m.rank, s.activeRank, config.rankWindow);
    if (standing === 'stale') {
      return rejected(s, { reason: 'stale', kind: m.kind, rank: m.rank, activeRank: s.activeRank }, m);
    }
    if (standing === 'too_far_ahead') {
      return rejected(
        s,
        {
          reason: 'too_far_ahead',
          kind: m.kind,
          rank: m.rank,
          activeRank: s.activeRank,
          window: config.rankWindow,
        },
        m,
      );
    }
    const { collection: field, received: event } = MESSAGE_KINDS[m.kind];
    const first = s.rounds.tagOf(m.rank, field, m.key);
    if (first !== undefined) {
      if (first.itemId === m.itemId) return step(s, DUPLICATE[m.kind], m);
      return rejected(s, conflictBetween(first, m), m);
    }
    const limit = config.maxItemsPerRank;
    if (limit !== undefined && s.rounds.sizeOf(m.rank, field) >= limit) {
      return rejected(s, { reason: 'rank_full', kind: m.kind, rank: m.rank, limit }, m);
    }
    const next: Snap = withRounds(s, s.rounds.withNew(m.rank, field, m.key, m.item, m));
    const row = config.transitions.get(s.state)?.get(event);
    if (row === undefined) return step(next, STORED[m.kind], m);
    if (row.internal) return step(next, INTERNAL_STORED[m.kind], m);
    const entered = enter(next, row.to, event, now);
    return step(
      entered,
      { type: 'transition', transition: { from: s.state, to: row.to, event, at: now } },
      m,
    );
  }

  function applyUpdate(s: Snap, u: Update<S, V, P, C>): Snap {
    switch (u.kind) {
      case 'adopt':
        // A rank that is over stays over: a synced state older than the last rank ended does not
        // reopen the ranks in between.
        return {
          ...s,
          activeState: u.state,
          activeRank: Math.max(s.activeRank, u.rank),
          rounds: s.rounds.pruneThrough(Math.max(s.activeRank, u.rank)),
        };
      case 'provers':
        return { ...s, nextProvers: u.provers };
      case 'collected':
        return { ...s, collected: u.collected };
      case 'voted':
        return { ...s, ownVote: u.cast, chosenProposer: u.cast.proposer };
      case 'finalized':
        return { ...s, finalized: { state: u.state, rank: u.rank, proposer: u.proposer } };
      case 'confirmed':
        return { ...s, confirmedRank: Math.max(s.confirmedRank, u.rank) };
    }
  }

  return (s, input, now) => {
    switch (input.type) {
      case 'inbound':
        return receive(s, input, now);
      case 'event':
        return applyEvent(s, input, now);
      case 'advance':
        return advance(s, input, now);
      case 'update':
        if (input.epoch !== s.transitionCount) {
          return step(
            s,
            { type: 'ignored', reason: `${input.update.kind} from a state entry already left` },
            input,
          );
        }
        return step(applyUpdate(s, input.update), UPDATED, input);
      case 'settle':
        return step(s, SETTLED, input);
      case 'fault':
        return faulted(s, input.message, input);
      case 'refused':
        return rejected(s, input.details, input);
    }
  };
}

/** The back-off after a rank this node finalized: shorter only if the rank needed no timeout. */
const settled = (s: MachineSnapshot<unknown, unknown, unknown, unknown>): number =>
  s.roundTimedOut ? s.failedRanks : Math.max(0, s.failedRanks - 1);

/** The machine stopped after a broken invariant: fail safe. */
export function faulted<S, V, P, C>(
  s: MachineSnapshot<S, V, P, C>,
  message: string,
  input: Input<S, V, P, C> | null,
): Step<S, V, P, C> {
  return {
    snapshot: { ...s, state: MachineState.Stopped, fault: message, finalized: null },
    outcome: { type: 'fault', error: message },
    input,
  };
}

function conflictBetween<S, V, P, C>(
  first: Inbound<S, V, P, C>,
  second: Inbound<S, V, P, C>,
): RejectionDetails {
  if (first.kind === 'vote' && second.kind === 'vote') {
    return {
      reason: 'equivocation',
      rank: second.rank,
      voterId: second.key,
      first: { proposer: first.proposer, voter: first.peer, vote: first.item, voteId: first.itemId },
      second: { proposer: second.proposer, voter: second.peer, vote: second.item, voteId: second.itemId },
    };
  }
  return {
    reason: 'conflict',
    kind: second.kind as 'proposal' | 'liveness' | 'confirmation',
    rank: second.rank,
    peerId: second.key,
    firstId: first.itemId,
    secondId: second.itemId,
    first: first.item,
    second: second.item,
  };
}
