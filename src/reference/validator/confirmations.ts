/**
 * Confirmations on evidence. The machine confirms every frame it finalizes in a rank, but every
 * validator formed that rank's certificate itself from the all-to-all votes, and the next
 * proposal carries it: broadcasting each confirmation to every peer was six of a validator's
 * fourteen messages per rank at n = 4, nearly all of them refused as late. So a confirmation is
 * kept, unsigned, and goes to a peer only when that peer shows it is behind: a proposal or vote
 * of its own arrives for a rank below the confirmed frame's, so it was still at that rank when
 * it sent it (a re-send of a rank it is stuck at, or a copy from a peer that lags). The
 * confirmation's frame carries the certificate of the rank before it, which moves such a peer on
 * past the rank it is at; what it still lacks it fetches. It is signed once, when first needed,
 * and sent to one peer at most once per `every` ms.
 */
import { messageFrom } from '../../machine/message-kinds';
import { encodeEnvelope } from '../../wire/encoding';
import type { Envelope } from '../../wire/envelope';
import { sealMessage } from '../../wire/message';
import type { Signer } from '../../wire/signature';
import { referenceDomain } from '../domain';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { Outbound } from './outbound';

export interface Confirmations {
  /** The machine confirmed `frame` (it finalized it in its rank): kept, not sent. */
  confirmed(frame: Frame): void;
  /** A proposal or vote of `peer`'s own came for `rank`, which this node has left. */
  behind(peer: PeerId, rank: number): void;
}

export interface ConfirmationsOptions {
  readonly self: PeerId;
  readonly signer: Signer;
  readonly chain: string;
  readonly outbound: Pick<Outbound, 'transmit'>;
  /** The clock (monotonic or the virtual scheduler's), and the least time between two sends to one peer. */
  readonly now: () => number;
  readonly every: number;
  /** Sealing failed: reported, nothing sent. */
  readonly failed: (message: string, err: unknown) => void;
}

interface Sealed {
  readonly frame: Frame;
  readonly envelope: Envelope;
  readonly bytes: Uint8Array;
}

export function createConfirmations(o: ConfirmationsOptions): Confirmations {
  let latest: Frame | null = null;
  let sealed: Sealed | null = null;
  // Keyed by validators only (senders of stale messages are looked up before this): bounded.
  const sentAt = new Map<PeerId, number>();

  function seal(frame: Frame): Sealed | null {
    if (sealed?.frame === frame) return sealed;
    try {
      const message = messageFrom<Frame, Ballot, PeerId, Collected>('confirmation', o.self, [frame]);
      const envelope = sealMessage(referenceDomain, o.signer, message, o.chain);
      sealed = { frame, envelope, bytes: encodeEnvelope(envelope) };
      return sealed;
    } catch (err) {
      o.failed(`sealing the confirmation at rank ${frame.rank} failed`, err);
      return null;
    }
  }

  return {
    confirmed(frame) {
      if (latest === null || frame.rank > latest.rank) latest = frame;
    },
    behind(peer, rank) {
      if (latest === null || latest.rank <= rank || peer === o.self) return;
      const t = o.now();
      if (t - (sentAt.get(peer) ?? -Infinity) < o.every) return;
      const held = seal(latest);
      if (held === null) return;
      sentAt.set(peer, t);
      o.outbound.transmit(held.envelope, peer, held.bytes);
    },
  };
}
