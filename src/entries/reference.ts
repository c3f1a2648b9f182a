/**
 * rx-consensus/reference: a working BFT protocol on `createStateMachine`, and the complete
 * validator that runs it. Ed25519-signed frames, ballots and timeouts over a weighted validator
 * set; quorum and timeout certificates; two-chain finality; the signed wire envelope; and the
 * guarded inbound path that checks every byte from the network before the machine sees it.
 *
 * @module rx-consensus/reference
 */

// A validator
export {
  createReferenceValidator,
  type ReferenceValidator,
  type ReferenceValidatorOptions,
  type ReferenceMachine,
  type ValidatorStatus,
} from '../reference/validator/create-validator';
export {
  LEADER_RULES,
  LeaderRuleCodec,
  VOTES_TO,
  VotesToCodec,
  type LeaderRule,
  type VotesTo,
} from '../reference/validator/options';
export {
  reputationSchedule,
  reputationSpan,
  roundRobinSchedule,
  DEFAULT_PROBATION_EVERY,
  DEFAULT_REPUTATION_LAG,
  type FinalizedFrame,
  type LeaderSchedule,
  type ReputationOptions,
} from '../reference/leader-schedule';
export type { ValidatorEvent, RankChange } from '../reference/validator/events';
export type { ReceivedSigned, SignedItemKind } from '../reference/validator/received';
export type { ControlMessage } from '../reference/validator/control';
export type { ValidatorTransport, InboundBytes } from '../reference/validator/transport';
export type { ValidatorStore, SafetyState, SignedAtRank, FinalizedEntry } from '../reference/store/types';
export {
  createMemoryValidatorStore,
  DEFAULT_RETAIN_FINALIZED,
  type MemoryStoreOptions,
  type MemoryValidatorStore,
} from '../reference/store/memory';
export { DoubleSignError, type SignedKind } from '../reference/store/errors';
export { referenceDomain } from '../reference/domain';
export { referenceItemSigning } from '../reference/item-signing';
export { ValidatorSet, type Validator, type ValidatorInput } from '../reference/validator-set';
export { createMutationPool, type MutationPool } from '../reference/mutation-pool';

// Keys and signatures
export {
  ed25519SignerFromSeed,
  generateEd25519Signer,
  seededSigner,
  createEd25519Verifier,
  ed25519Verifier,
  type Ed25519Signer,
} from '../reference/ed25519';
export { cachingVerifier, type CachingVerifier } from '../reference/caching-verifier';
export { sha256Hex } from '../reference/hash';
export type { Signer, Verifier } from '../wire/signature';
export { chainScope, verificationFor, type Verification } from '../reference/verification';

// The protocol's data
export {
  type PeerId,
  type Frame,
  type Ballot,
  type Collected,
  type QuorumCert,
  type TimeoutVote,
  type TimeoutCert,
  type TimeoutMessage,
  type CertifiedFrame,
  type FetchRequest,
  type FetchReply,
  PeerIdCodec,
  FrameIdCodec,
  FrameCodec,
  BallotCodec,
  CollectedCodec,
  QuorumCertCodec,
  TimeoutVoteCodec,
  TimeoutCertCodec,
  TimeoutMessageCodec,
  CertifiedFrameCodec,
  FetchRequestCodec,
  FetchReplyCodec,
} from '../reference/types';
export {
  GENESIS,
  genesisFrame,
  buildFrame,
  checkFrame,
  frameId,
  extendsFrame,
  genesisCertificate,
  type NextFrame,
} from '../reference/frame';
export {
  signTimeout,
  checkTimeoutVote,
  checkQuorumCert,
  checkTimeoutCert,
  checkTimeoutMessage,
  quorumCert,
  timeoutCert,
  highestQcRankIn,
  type ProvenTimeout,
} from '../reference/certificates';
export {
  unsafeVote,
  unsafeTimeout,
  afterVote,
  afterTimeout,
  NO_SAFETY_STATE,
  createSafetyRules,
  type SafetyRules,
  type SafetyRulesOptions,
} from '../reference/safety-rules';
export { BlockTree, type BlockTreeOptions } from '../reference/block-tree';
export { createPacemaker, type Pacemaker } from '../reference/pacemaker';
export { signBallot, checkBallot } from '../reference/ballot';
export { makeCollected, checkCollected } from '../reference/collected';
export { tallyBallots, quorumOf, type FrameSupport } from '../reference/tally';
/** The old name of `CheckProblem`, kept for code written against it. */
export type { CheckProblem as ItemProblem } from '../inbound/message-check';

// The wire: signed envelopes
export { sealMessage, openEnvelope, type PlainMessage, type WireDomain } from '../wire/message';
export { encodeEnvelope, encodeEnvelopeText, decodeEnvelope, DEFAULT_MAX_BYTES } from '../wire/encoding';
export {
  EnvelopeCodec,
  MessageKind,
  verifyEnvelope,
  type Envelope,
  type ItemSigning,
  type SignedItem,
  type UnsignedEnvelope,
} from '../wire/envelope';
export { sealedBroadcasts, type Broadcasts, type SealedBroadcastsOptions } from '../wire/broadcasts';
export type { WireError } from '../wire/wire-error';

// The guarded inbound path
export {
  createGuardedInbound,
  type GuardedInbound,
  type GuardedInboundOptions,
  type InboundAccepted,
} from '../inbound/guarded-inbound';
export type { KnownSenders } from '../inbound/known-senders';
export type { MessageCheck, CheckProblem } from '../inbound/message-check';
export { referenceMessageCheck } from '../reference/check-message';
export type { InboundTarget } from '../inbound/target';
export type { InboundCounts } from '../inbound/counts';
export {
  INBOUND_REJECTION_REASONS,
  describeInboundRejection,
  type InboundRejection,
  type InboundRejectionReason,
  type InboundRejectionDetails,
} from '../inbound/rejection';
export { verifyEquivocation, type ProvenEquivocation, type EvidenceCheck } from '../inbound/evidence';

// Shapes the types above are made of
export type { Json } from '../wire/json';
export type { ReadLimits } from '../wire/read-json';
export type { FrameContent } from '../reference/frame';
