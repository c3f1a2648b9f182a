/** Reference BFT providers: Ed25519 keys, a validator set, frames and ballots, and a node ready for `createStateMachine`. */
export * from './types';
export * from './domain';
export * from './hash';
export * from './ed25519';
export * from './caching-verifier';
export {
  malformedItem,
  badSignature,
  type CheckProblem,
  type CheckProblem as ItemProblem,
} from '../inbound/message-check';
export * from './verification';
export * from './validator-set';
export * from './frame';
export * from './ballot';
export * from './collected';
export * from './tally';
export * from './mutation-pool';
export * from './check-message';
export * from './certificates';
export * from './safety-rules';
export * from './block-tree';
export * from './pacemaker';
export * from './leader-schedule';
export * from './store/types';
export * from './store/memory';
export * from './validator/transport';
export * from './validator/events';
export * from './validator/create-validator';
export { acceptableProposal } from './providers/leader-vote';
export * from './store/errors';
export * from './validator/received';
