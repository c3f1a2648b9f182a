/**
 * The state machine a reference validator runs: the engine with the reference providers, a vote
 * store that is the validator store, the round timeout on the round's states, and a short
 * `starting` state (a validator has nothing to wait for before syncing; the engine's own default
 * of one second is for providers that do).
 */
import type { SchedulerLike } from 'rxjs';
import { createStateMachine } from '../../runtime/create-state-machine';
import type { StateMachine } from '../../engine/state-machine';
import type { CastVote, Tracer, VoteStore } from '../../engine/types';
import type { MachineState } from '../../machine/states';
import { referenceDomain } from '../domain';
import type { NodeContext } from '../providers/context';
import { referenceLeader } from '../providers/leader';
import { referenceLiveness } from '../providers/liveness';
import { referenceSync } from '../providers/sync';
import { referenceVoting } from '../providers/voting';
import type { ValidatorStore } from '../store/types';
import type { Ballot, Collected, Frame, PeerId } from '../types';

export type ReferenceMachine = StateMachine<Frame, Ballot, PeerId, Collected>;

/** How long a validator stays in `starting` (ms) unless its options say otherwise. */
export const VALIDATOR_STARTING_TIMEOUT = 10;

export interface ValidatorMachineOptions {
  readonly ctx: NodeContext;
  readonly store: ValidatorStore;
  readonly scheduler?: SchedulerLike;
  readonly rankWindow: number;
  readonly roundTimeout: { readonly initial: number; readonly factor: number; readonly max: number };
  readonly timeouts?: Partial<Record<MachineState, number>>;
  readonly tracer?: Tracer;
}

/** The engine's vote store backed by the validator store (ballots are recorded by the safety rules). */
function voteStoreOf(store: ValidatorStore): VoteStore<Ballot, PeerId> {
  return {
    votedAt(rank): CastVote<Ballot, PeerId> | undefined {
      const vote = store.signedAt(rank)?.vote;
      return vote === undefined ? undefined : { rank, proposer: vote.proposer, vote };
    },
    record(cast) {
      // The safety rules recorded this ballot before it was returned; anything else is a bug.
      const held = store.signedAt(cast.rank)?.vote;
      if (held === undefined || held.signature !== cast.vote.signature)
        throw new Error(`the vote at rank ${cast.rank} was not recorded by the safety rules`);
    },
  };
}

export function createValidatorMachine(o: ValidatorMachineOptions): ReferenceMachine {
  const { ctx, store, roundTimeout } = o;
  return createStateMachine({
    id: ctx.self,
    initialState: store.highestCertified()?.frame ?? null,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain: referenceDomain,
    providers: {
      sync: referenceSync(ctx),
      leader: referenceLeader(ctx),
      voting: referenceVoting(ctx),
      liveness: referenceLiveness(ctx),
    },
    voteStore: voteStoreOf(store),
    scheduler: o.scheduler,
    rankWindow: o.rankWindow,
    timeouts: {
      starting: VALIDATOR_STARTING_TIMEOUT,
      voting: roundTimeout.initial,
      liveness_check: roundTimeout.initial,
      publishing: roundTimeout.initial,
      ...o.timeouts,
    },
    roundBackoff: { factor: roundTimeout.factor, max: roundTimeout.max },
    syncRetryDelay: roundTimeout.initial,
    ...(o.tracer === undefined ? {} : { tracer: o.tracer }),
  });
}
