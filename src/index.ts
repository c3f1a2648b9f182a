/** rx-consensus: the public API. This file only re-exports. */
export { createStateMachine, ConfigurationError } from './engine/create-state-machine';
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
  indexTransitions,
  transitionFor,
  eventsFrom,
  type Transition,
} from './machine/transitions';
export { DEFAULT_TIMEOUTS, timeoutFor, type StateTimeout } from './machine/timeouts';
export type * from './engine/types';
export type { StateMachine, Accepted, TransitionListener } from './engine/state-machine';
export type { MachineSnapshot, Finalized } from './engine/snapshot';
export { roundCounts } from './engine/snapshot';
export type { TransitionRecord, Outcome } from './engine/outcome';
export {
  Rejection,
  describeRejection,
  type RejectionDetails,
  type RejectionReason,
  type VoteEvidence,
} from './engine/rejection';
export type { InboundKind } from './engine/inputs';
export { createMemoryVoteStore } from './engine/vote-store';
export { methodDomain } from './engine/method-domain';
export { GrowOnlyMap, RoundBook, type Round, type RoundCounts } from './store';
export { describeValue } from './guard/describe';
export { serialize, exhaustMapLatest, fromResult, ProviderFailure } from './operators';
export * from './viz';
export * from './transport';
export * from './wire';
export * from './inbound';
export * from './reference';
export * from './sim';
