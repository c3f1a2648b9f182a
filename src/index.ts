/**
 * rx-consensus: the engine. `createStateMachine`, the machine as data, the public types and the
 * visualization helpers. This file only re-exports; the reference protocol, the in-memory
 * transport, the simulator and the test helpers have their own entry points
 * (`rx-consensus/reference`, `/transport`, `/sim`, `/testing`).
 *
 * @module rx-consensus
 */

// The machine
export { createStateMachine } from './runtime/create-state-machine';
export { ConfigurationError } from './engine/validate-options';
export type { StateMachine, Accepted, TransitionListener } from './engine/state-machine';
export type {
  StateMachineOptions,
  Domain,
  RankedAccessor,
  PeerAccessor,
  Providers,
  SyncProvider,
  VotingProvider,
  LeaderProvider,
  LivenessProvider,
  Result,
  Tracer,
  VoteStore,
  CastVote,
} from './engine/types';
export { createMemoryVoteStore } from './engine/vote-store';
export { methodDomain } from './engine/method-domain';
export { ProviderFailure } from './operators/from-result';
export type { Logger, LogLevel, LogFields } from './observe/logger';

// What it publishes
export { roundCounts, type MachineSnapshot, type Finalized } from './engine/snapshot';
export type { RoundCounts } from './store/round-book';
export type { TransitionRecord, Outcome } from './engine/outcome';
export type { InboundKind } from './engine/inputs';
export {
  Rejection,
  describeRejection,
  REJECTION_REASONS,
  MACHINE_REJECTION_REASONS,
  type AnyRejectionReason,
  type RejectionDetails,
  type RejectionReason,
  type VoteEvidence,
} from './engine/rejection';

// The machine as data
export {
  MachineState,
  MachineEvent,
  ALL_STATES,
  ALL_EVENTS,
  isMachineState,
  isMachineEvent,
} from './machine/states';
export {
  TRANSITIONS,
  RUNNING_STATES,
  transitionFor,
  eventsFrom,
  type Transition,
} from './machine/transitions';
export { DEFAULT_TIMEOUTS, timeoutFor, type StateTimeout } from './machine/timeouts';
export { NEXT_LEADER, ENOUGH_LIVENESS, QUORUM, LATER_RANK, type GuardName } from './machine/guards';

// Visualization
export { toMermaid, mermaidFence, type DiagramOptions } from './viz/mermaid';
export { toDot } from './viz/dot';
export { toMarkdownTable } from './viz/markdown-table';
export { transitionKind, type TransitionKind } from './viz/transition-kind';
export { machineStatistics, type MachineStatistics, type StatisticsOptions } from './viz/statistics';
export { formatStatistics } from './viz/format-statistics';
export { currentStateInfo, type CurrentStateInfo } from './viz/state-info';
export { transitionsToText, transitionsToMermaidFlow, type NumberedTransition } from './viz/history-format';
export { createTransitionHistory, type TransitionHistory } from './viz/transition-history';
export { recordTransitions, type RecordedTransitions } from './viz/record-transitions';
