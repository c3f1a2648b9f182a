/**
 * The machine's vocabulary: its states and events, as `as const` data whose values are the
 * wire/string names. Everything else (reducer, effects, visualizer) reads these.
 */

export const MachineState = {
  Stopped: 'stopped',
  Starting: 'starting',
  Loading: 'loading',
  Collecting: 'collecting',
  LivenessCheck: 'liveness_check',
  Proving: 'proving',
  Publishing: 'publishing',
  Voting: 'voting',
  Finalizing: 'finalizing',
  Verifying: 'verifying',
  Stopping: 'stopping',
} as const;
export type MachineState = (typeof MachineState)[keyof typeof MachineState];

export const MachineEvent = {
  Start: 'start',
  Stop: 'stop',
  SyncTimeout: 'sync_timeout',
  InduceSync: 'induce_sync',
  SyncComplete: 'sync_complete',
  InitComplete: 'init_complete',
  CollectionDone: 'collection_done',
  LivenessCheckReceived: 'liveness_check_received',
  LivenessTimeout: 'liveness_timeout',
  ProverSignal: 'prover_signal',
  ProofComplete: 'proof_complete',
  PublishComplete: 'publish_complete',
  PublishTimeout: 'publish_timeout',
  ProposalReceived: 'proposal_received',
  VoteReceived: 'vote_received',
  QuorumReached: 'quorum_reached',
  VotingTimeout: 'voting_timeout',
  AggregationDone: 'aggregation_done',
  AggregationTimeout: 'aggregation_timeout',
  ConfirmationReceived: 'confirmation_received',
  VerificationDone: 'verification_done',
  VerificationTimeout: 'verification_timeout',
  CleanupComplete: 'cleanup_complete',
  RankAdvanced: 'rank_advanced',
} as const;
export type MachineEvent = (typeof MachineEvent)[keyof typeof MachineEvent];

/** Every state, in the order a round runs (lifecycle states at the ends). */
export const ALL_STATES: readonly MachineState[] = Object.values(MachineState);
/** Every event, in declaration order. */
export const ALL_EVENTS: readonly MachineEvent[] = Object.values(MachineEvent);

// Typed as sets of anything: membership alone tells a name from every other value.
const stateNames: ReadonlySet<unknown> = new Set(ALL_STATES);
const eventNames: ReadonlySet<unknown> = new Set(ALL_EVENTS);

export const isMachineState = (value: unknown): value is MachineState => stateNames.has(value);
export const isMachineEvent = (value: unknown): value is MachineEvent => eventNames.has(value);
