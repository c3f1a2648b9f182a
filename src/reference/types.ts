/**
 * The reference protocol's plain JSON data, with one io-ts codec each (the codec is the type):
 *
 * - `PeerId`: a validator's id.
 * - `Frame` (the consensus state S): a block of mutations on top of its parent frame. `id` is the
 *   SHA-256 of the canonical JSON of the other content fields (see `frame.ts`); `signature` is the
 *   proposer's signature over the id. The genesis frame has no proposer signature (empty string).
 * - `Ballot` (the vote V): a voter's signed vote for one frame id at one rank.
 * - `Collected` (C): the mutations a node collected for the next rank, identified by their hash.
 *
 * Codecs drop unknown fields, so stored data is exactly these shapes.
 */
import * as t from 'io-ts';
import { boundedArray, boundedString, Rank } from '../wire/primitives';

export const PeerIdCodec = boundedString('peer id (1 to 128 characters)', 1, 128);
export type PeerId = string;

export const FrameIdCodec = boundedString('frame id (64 lowercase hex characters)', 64, 64, /^[0-9a-f]{64}$/);
const ParentCodec = boundedString('frame id or "genesis"', 7, 64, /^(?:[0-9a-f]{64}|genesis)$/);
const SignatureCodec = boundedString(
  'signature (lowercase hex, at most 1024 characters)',
  0,
  1024,
  /^(?:[0-9a-f]{2})*$/,
);
const MutationsCodec = t.readonlyArray(t.string, 'list of mutation strings');

export const BallotCodec = t.readonly(
  t.strict({
    rank: Rank,
    voter: PeerIdCodec,
    proposal: FrameIdCodec,
    proposer: PeerIdCodec,
    signature: SignatureCodec,
  }),
  'Ballot',
);
export type Ballot = t.TypeOf<typeof BallotCodec>;

/** At most this many signatures in one certificate (a validator set is at most this large). */
export const MAX_CERTIFICATE_SIGNATURES = 1024;

/**
 * A quorum certificate: ballots for one frame at one rank from validators weighing at least the
 * quorum. The genesis frame's certificate has no ballots (every node of the chain knows genesis).
 */
export const QuorumCertCodec = t.readonly(
  t.strict({
    rank: Rank,
    frame: FrameIdCodec,
    votes: boundedArray(BallotCodec, MAX_CERTIFICATE_SIGNATURES, 'list of ballots'),
  }),
  'QuorumCert',
);
export type QuorumCert = t.TypeOf<typeof QuorumCertCodec>;

/**
 * A validator's signed statement that its time at `rank` ran out, naming the rank of the highest
 * quorum certificate it knows.
 */
export const TimeoutVoteCodec = t.readonly(
  t.strict({ rank: Rank, voter: PeerIdCodec, highQcRank: Rank, signature: SignatureCodec }),
  'TimeoutVote',
);
export type TimeoutVote = t.TypeOf<typeof TimeoutVoteCodec>;

/**
 * A timeout certificate: timeout votes at one rank from validators weighing at least the quorum,
 * and the quorum certificate that proves the highest `highQcRank` they name (its rank is exactly
 * that claim). A leader that sees the certificate holds that QC, so it can always build a frame
 * the certificate's signers may vote for: a claim nobody can prove never makes it in.
 */
export const TimeoutCertCodec = t.readonly(
  t.strict({
    rank: Rank,
    timeouts: boundedArray(TimeoutVoteCodec, MAX_CERTIFICATE_SIGNATURES, 'list of timeout votes'),
    highQc: QuorumCertCodec,
  }),
  'TimeoutCert',
);
export type TimeoutCert = t.TypeOf<typeof TimeoutCertCodec>;

export const FrameCodec = t.readonly(
  t.strict({
    rank: Rank,
    id: FrameIdCodec,
    parent: ParentCodec,
    proposer: PeerIdCodec,
    mutations: MutationsCodec,
    proof: boundedString('proof string (at most 65536 characters)', 0, 65536),
    /** The certificate of the parent frame (null only on the genesis frame). */
    justify: t.union([QuorumCertCodec, t.null], 'quorum certificate or null'),
    /** The timeout certificate of rank − 1, when the parent is not at rank − 1. */
    timeout: t.union([TimeoutCertCodec, t.null], 'timeout certificate or null'),
    signature: SignatureCodec,
  }),
  'Frame',
);
export type Frame = t.TypeOf<typeof FrameCodec>;

export const CollectedCodec = t.readonly(
  t.strict({ rank: Rank, id: FrameIdCodec, mutations: MutationsCodec }),
  'Collected',
);
export type Collected = t.TypeOf<typeof CollectedCodec>;

/**
 * A timeout as it travels: the vote, a quorum certificate at least as high as the vote's
 * `highQcRank` (the proof of that claim: a message whose QC is lower is refused), and the timeout
 * certificate that took the sender into this rank (when one did), so any receiver can follow it
 * into the rank.
 */
export const TimeoutMessageCodec = t.readonly(
  t.strict({
    timeout: TimeoutVoteCodec,
    highQc: QuorumCertCodec,
    lastTc: t.union([TimeoutCertCodec, t.null], 'timeout certificate or null'),
  }),
  'TimeoutMessage',
);
export type TimeoutMessage = t.TypeOf<typeof TimeoutMessageCodec>;

/** Most frames in one catch-up answer. */
export const MAX_FRAMES_PER_REPLY = 64;

/** A frame with a quorum certificate for it. */
export const CertifiedFrameCodec = t.readonly(
  t.strict({ frame: FrameCodec, certificate: QuorumCertCodec }),
  'CertifiedFrame',
);
export type CertifiedFrame = t.TypeOf<typeof CertifiedFrameCodec>;

/**
 * Catch-up request: the certified frames above rank `after` on the sender's chain. `seq` grows
 * with every request of one asker (its clock in ms, or one more than its last): an answerer
 * serves each only once, so a recorded request replayed later draws nothing.
 */
export const FetchRequestCodec = t.readonly(t.strict({ after: Rank, seq: Rank }), 'FetchRequest');
export type FetchRequest = t.TypeOf<typeof FetchRequestCodec>;

/** Catch-up answer: certified frames in ascending rank, each the parent of the next. */
export const FetchReplyCodec = t.readonly(
  t.strict({ frames: boundedArray(CertifiedFrameCodec, MAX_FRAMES_PER_REPLY, 'list of certified frames') }),
  'FetchReply',
);
export type FetchReply = t.TypeOf<typeof FetchReplyCodec>;
