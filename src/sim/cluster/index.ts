/** A simulated cluster of reference validators: in-memory network, guarded inbound, Byzantine nodes, crashes, virtual time. */
export { createCluster, TWIN_SUFFIX, type Cluster, type RunTarget } from './create-cluster';
export type { ClusterOptions, LinkOverride } from './options';
export type { ClusterNode } from './cluster-node';
export type { ReferenceMachine, ReferenceInbound } from './incarnation';
export type { NodeObservations } from './node-log';
export type { ClusterEvent, ClusterEventKind } from './events';
export type { DurableStore } from './durable-store';
export { createClock, VirtualTimeStalled, type ClusterClock, type TimeMode } from './clock';
export { createKeyring, validatorIds, type Keyring } from './keyring';
export {
  checkAgreement,
  findDoubleVotes,
  type AgreementReport,
  type DoubleVote,
  type FinalizedConflict,
  type ObservedNode,
} from './agreement';
export { summarizeCluster, type ClusterSummary, type NodeSummary } from './summary';
