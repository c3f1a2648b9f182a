/** Byzantine behaviours for simulations: small strategies acting on one validator's endpoint, composable with `combine`. */
export * from './types';
export { hear } from './heard';
export { roundOpenings, type RoundOpening } from './round-openings';
export { twoHalves } from './peer-groups';
export { silent } from './silent';
export { doubleVoter, type DoubleVoterOptions } from './double-voter';
export { phantomVoter } from './phantom-voter';
export { equivocatingProposer, type EquivocatingProposerOptions } from './equivocating-proposer';
export { staleReplayer, type StaleReplayerOptions } from './stale-replayer';
export { garbage, GARBAGE_KINDS, type GarbageKind, type GarbageSource } from './garbage';
export { garbageSender, type GarbageSenderOptions } from './garbage-sender';
export { slowNode, type SlowNodeOptions } from './slow-node';
export { timeoutsOnly } from './timeouts-only';
export { combine } from './combine';
export {
  BYZANTINE_STRATEGIES,
  BYZANTINE_NAMES,
  byzantineStrategy,
  isByzantineName,
  mixedByzantine,
  type ByzantineName,
} from './catalog';
