/** The reference domain: how the engine and the wire read identity and rank of frames, ballots, peers and collections. */
import type { WireDomain } from '../wire/message';
import { referenceItemSigning } from './item-signing';
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
  /**
   * A voter votes once per rank, so what it signed about the frame identifies the ballot: the
   * frame id and the proposer it names. A voter that signs two ballots for one frame naming two
   * proposers has signed two different things (an equivocation), not the same one twice.
   */
  vote: { identity: (b) => `${b.proposal}@${b.proposer}`, rank: (b) => b.rank, codec: BallotCodec },
  peer: { identity: (p) => p, codec: PeerIdCodec },
  collected: { identity: (c) => c.id, rank: (c) => c.rank, codec: CollectedCodec },
  /** A proposal's envelope carries its frame's signature, a vote's its ballot's: one signature each. */
  itemSigning: referenceItemSigning,
};
