/**
 * How to make a lone fixture machine stay in each running state until that state's timeout:
 * the provider the state waits on answers too late (or its condition can never be met).
 */
import { MachineEvent, MachineState, RUNNING_STATES } from '../../src';
import type { FixtureOptions } from './fixture';
import { HUGE } from './drive';

type Dwell = Omit<FixtureOptions, 'scheduler'>;
type RunningState = (typeof RUNNING_STATES)[number];

const S = MachineState;
export const DWELL: Record<RunningState, Dwell> = {
  [S.Starting]: { delays: { collect: 10 } },
  [S.Loading]: { delays: { synchronize: HUGE } },
  [S.Collecting]: { delays: { collect: HUGE } },
  [S.LivenessCheck]: { emitReceiveEventsOnSends: false },
  [S.Proving]: { delays: { proveNextState: HUGE } },
  [S.Publishing]: { delays: { sendProposal: HUGE } },
  [S.Voting]: { quorum: Infinity },
  [S.Finalizing]: { delays: { finalizeVotes: HUGE } },
  [S.Verifying]: { delays: { sendConfirmation: HUGE } },
};

/** The event each state's timeout fires, per SPEC section 3. */
export const TIMEOUT_EVENT: Record<RunningState | 'stopping', MachineEvent> = {
  [S.Starting]: MachineEvent.InitComplete,
  [S.Loading]: MachineEvent.SyncTimeout,
  [S.Collecting]: MachineEvent.CollectionDone,
  [S.LivenessCheck]: MachineEvent.LivenessTimeout,
  [S.Proving]: MachineEvent.PublishTimeout,
  [S.Publishing]: MachineEvent.PublishTimeout,
  [S.Voting]: MachineEvent.VotingTimeout,
  [S.Finalizing]: MachineEvent.AggregationTimeout,
  [S.Verifying]: MachineEvent.VerificationTimeout,
  [S.Stopping]: MachineEvent.CleanupComplete,
};
