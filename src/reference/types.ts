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
import { boundedString, Rank } from '../wire/primitives';

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

export const FrameCodec = t.readonly(
  t.strict({
    rank: Rank,
    id: FrameIdCodec,
    parent: ParentCodec,
    proposer: PeerIdCodec,
    mutations: MutationsCodec,
    proof: boundedString('proof string (at most 65536 characters)', 0, 65536),
    signature: SignatureCodec,
  }),
  'Frame',
);
export type Frame = t.TypeOf<typeof FrameCodec>;

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

export const CollectedCodec = t.readonly(
  t.strict({ rank: Rank, id: FrameIdCodec, mutations: MutationsCodec }),
  'Collected',
);
export type Collected = t.TypeOf<typeof CollectedCodec>;
