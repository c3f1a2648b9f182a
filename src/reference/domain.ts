/** The reference domain: how the engine and the wire read identity and rank of frames, ballots, peers and collections. */
import type { WireDomain } from '../wire/message';
import {
  BallotCodec,
  CollectedCodec,
  FrameCodec,
  PeerIdCodec,
  type Ballot,
  type Collected,
  type Frame,
  type PeerId,
} from './types';

export const referenceDomain: WireDomain<Frame, Ballot, PeerId, Collected> = {
  state: { identity: (f) => f.id, rank: (f) => f.rank, codec: FrameCodec },
  /** A voter votes once per rank, so the frame it votes for identifies the ballot. */
  vote: { identity: (b) => b.proposal, rank: (b) => b.rank, codec: BallotCodec },
  peer: { identity: (p) => p, codec: PeerIdCodec },
  collected: { identity: (c) => c.id, rank: (c) => c.rank, codec: CollectedCodec },
};
