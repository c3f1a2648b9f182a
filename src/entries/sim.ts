/**
 * rx-consensus/sim: deterministic simulation of reference nodes. Scenarios are plain, replayable
 * data; `simulate` runs one on a seeded cluster in virtual time and checks safety and liveness;
 * campaigns run many. The fast-check arbitrary of scenarios, and the shrinking of a campaign's
 * failure, are in `rx-consensus/fast-check`.
 *
 *   import { simulate, scenario } from 'rx-consensus/sim';
 *   const { verdict } = simulate(scenario({ nodes: 4, byzantine: [{ node: 3, behaviours: [{ kind: 'double-voter' }] }] }));
 *
 * @module rx-consensus/sim
 */

// Running a scenario
export { simulate, ScenarioError, type Simulation, type SimulateOptions } from '../sim/simulate';
export { runScenario, runScenarioInRealTime, type RunOptions } from '../sim/run/run-scenario';
export { recordRun, nodeRecord, type RunRecorder } from '../sim/run/record-run';
export { clusterOptionsOf } from '../sim/run/cluster-options';

// Scenarios
export {
  type Scenario,
  type NetworkSpec,
  type LinkSpec,
  type LinkFaults,
  type LatencySpec,
  type PartitionSpec,
  type CrashSpec,
  type ByzantineSpec,
  type BehaviourSpec,
  type BehaviourKind,
  type RunLength,
  type ProtocolSpec,
  BEHAVIOUR_KINDS,
  nodeId,
  maxFaulty,
} from '../sim/scenario/types';
export {
  scenario,
  DEFAULT_PROTOCOL,
  DEFAULT_RUN,
  SYNCHRONOUS_LINK,
  type ScenarioInput,
} from '../sim/scenario/defaults';
export { ScenarioCodec, decodeScenario } from '../sim/scenario/types';
export { scenarioProblems, type ValidateOptions } from '../sim/scenario/validate';
export { DEFAULT_SPACE, QUICK_SPACE, type ScenarioSpace } from '../sim/scenario/space';
export { randomScenario } from '../sim/scenario/random';
export { describeScenario, faultTypes, type FaultType } from '../sim/scenario/faults';

// The cluster
export { createCluster, type Cluster, type RunTarget } from '../sim/cluster/create-cluster';
export type { ClusterOptions, LinkOverride } from '../sim/cluster/options';
export type { ClusterNode } from '../sim/cluster/cluster-node';
export type { ReferenceMachine, ReferenceInbound } from '../sim/cluster/incarnation';
export type { ClusterEvent, ClusterEventKind } from '../sim/cluster/events';
export type { DurableStore } from '../sim/cluster/durable-store';
export { createClock, VirtualTimeStalled, type ClusterClock, type TimeMode } from '../sim/cluster/clock';
export { createKeyring, validatorIds, type Keyring } from '../sim/cluster/keyring';

// Byzantine behaviours
export type {
  ByzantineStrategy,
  ByzantineContext,
  HeardControl,
  ReferenceMessage,
} from '../sim/byzantine/types';
export { silent } from '../sim/byzantine/silent';
export { doubleVoter, type DoubleVoterOptions } from '../sim/byzantine/double-voter';
export { phantomVoter } from '../sim/byzantine/phantom-voter';
export {
  equivocatingProposer,
  type EquivocatingProposerOptions,
} from '../sim/byzantine/equivocating-proposer';
export { staleReplayer, type StaleReplayerOptions } from '../sim/byzantine/stale-replayer';
export { garbageSender, type GarbageSenderOptions } from '../sim/byzantine/garbage-sender';
export { slowNode, type SlowNodeOptions } from '../sim/byzantine/slow-node';
export { combine } from '../sim/byzantine/combine';
export { timeoutLiar, type TimeoutLiarOptions, type TimeoutClaim } from '../sim/byzantine/timeout-liar';
export { staleCertificates } from '../sim/byzantine/stale-certificates';
export { ballotLiar } from '../sim/byzantine/ballot-liar';
export { catchUpLiar } from '../sim/byzantine/catch-up-liar';
export { withholder } from '../sim/byzantine/withholder';
export { otherChain } from '../sim/byzantine/other-chain';
export {
  BYZANTINE_STRATEGIES,
  BYZANTINE_NAMES,
  byzantineStrategy,
  isByzantineName,
  mixedByzantine,
  type ByzantineName,
} from '../sim/byzantine/catalog';

// What a run records, and the checks over it
export type {
  RunRecord,
  NodeRecord,
  Finalization,
  Evidence,
  SignedVote,
  StateInterval,
} from '../sim/record/types';
export { checkRun, type RunVerdict, type Verdict, type CheckOptions } from '../sim/check/verdict';
export {
  checkSafety,
  conflictingVotes,
  describeViolation,
  type SafetyInput,
  type SafetyViolation,
} from '../sim/check/safety';
export { measureLiveness, type Liveness, type LivenessOptions, type Stall } from '../sim/check/liveness';
export { diagnoseStall, describeStall, type StallDiagnosis } from '../sim/check/stall';
export { summarizeEvidence, type EvidenceSummary } from '../sim/check/evidence';

// Summaries and campaigns
export { summarizeRun, type RunSummary, type NodeRunSummary } from '../sim/run/summary';
export {
  runCampaign,
  type CampaignOptions,
  type CampaignResult,
  type FirstFailure,
} from '../cli/sim/campaign/run-campaign';
export type { ShrinkResult } from '../sim/scenario/draw';
export { emptyTally, mergeTallies, addRun, type CampaignTally } from '../cli/sim/campaign/tally';

// Command-line forms and reports (they live with the commands, in src/cli/sim)
export {
  scenarioFromOptions,
  DEFAULT_SCENARIO_OPTIONS,
  type ScenarioOptions,
} from '../cli/sim/scenario-options';
export { parseLatency, parsePartition, parseCrash, parseBehaviours } from '../cli/sim/parse';
export { campaignFirstSeed, DEFAULT_FIRST_SEED, type GivenSeeds } from '../cli/sim/campaign-seed';
export { formatRunReport } from '../cli/sim/report/text';
export { renderTimeline, type TimelineOptions } from '../cli/sim/report/svg-timeline';
export { renderHtml } from '../cli/sim/report/html';
export { formatCampaign, faultRows, faultTable, type FaultRow } from '../cli/sim/campaign/format';

// Shapes the types above are made of
export type {
  Downtime,
  EvidenceKind,
  NetworkTotals,
  PartitionInterval,
  ReceivedTwice,
  Role,
} from '../sim/record/types';
export type { Heard, HonestCore, OutboundFilter, OutboundBytes } from '../sim/byzantine/types';
export type { FaultSamples, FailedRun, LostRun } from '../cli/sim/campaign/tally';
export type { StallMechanism } from '../sim/check/stall';
export type { NodeObservations, NodeLog } from '../sim/cluster/node-log';
export type { EvidenceAgainst, SignedConflicts } from '../sim/check/evidence';
export type { CatchUp } from '../sim/check/liveness';

// Twins: a validator run as two honest copies, and the network splits that make them equivocate
export { runTwinsCase, type TwinsCase, type TwinsResult, type TwinsRunOptions } from '../sim/twins';
export { twinsCases, twinsNodes, twoWaySplits } from '../cli/sim/twins-schedules';
export { timeoutsOnly } from '../sim/byzantine/timeouts-only';
