/**
 * Confirmations on evidence. The machine confirms every frame it certifies in a rank, but every
 * validator that had the proposal and the votes certified it itself, and the next proposal
 * carries the certificate: broadcasting each confirmation to every peer was six of a validator's
 * fourteen messages per rank at n = 4, nearly all refused as late. So a confirmation is kept,
 * unsigned, and goes to a peer only when that peer shows it lacks what it carries:
 *
 * - a peer whose vote at the confirmed rank was for another frame (its leader equivocated, and
 *   showed it a different proposal) lacks the frame: it is sent it at once;
 * - a peer whose vote at the confirmed rank never came, by the time this node confirms the next
 *   frame, may lack the frame itself (its leader withheld it, or it was lost): it is sent the
 *   frame, then again after 2, 4, 8… ranks while that peer stays silent: no vote and no proposal
 *   of its own comes (a peer that is down is not sent one frame per rank). When votes go to the
 *   next leader only, that leader is the one that sees who voted: a node that received no vote at
 *   a rank sends nothing for it, and a peer's proposals are what shows it is up (the ranks whose
 *   votes one node sees can be exactly those a withholding leader kept from that peer);
 * - a peer whose own proposal or vote arrives for a rank below the confirmed frame lags, or is
 *   stuck there: it is sent the latest confirmation, whose frame carries the certificate of the
 *   rank before it, at most once per `every` ms.
 *
 * Each confirmation is signed once, when first sent.
 */
import { messageFrom } from '../../machine/message-kinds';
import type { Envelope } from '../../wire/envelope';
import { sealMessageWithText } from '../../wire/message';
import type { Signer } from '../../wire/signature';
import { encodeUtf8 } from '../../wire/utf8';
import { referenceDomain } from '../domain';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { Outbound } from './outbound';

export interface Confirmations {
  /** The machine confirmed `frame` (it certified it in its rank). */
  confirmed(frame: Frame): void;
  /** A vote of `peer`'s own came for `rank`: for frame `frame` (taken), or one not read (refused as late). */
  voted(peer: PeerId, rank: number, frame?: string): void;
  /** A proposal or vote of `peer`'s own came for `rank`, which this node has left. */
  behind(peer: PeerId, rank: number): void;
  /** A proposal of `peer`'s own came (taken): it is up, whatever votes of its this node sees. */
  proposed(peer: PeerId): void;
}

export interface ConfirmationsOptions {
  readonly self: PeerId;
  /** Every validator of the set. */
  readonly validators: readonly PeerId[];
  readonly signer: Signer;
  readonly chain: string;
  readonly outbound: Pick<Outbound, 'transmit'>;
  /** The clock (monotonic or the virtual scheduler's), and the least time between two sends to a lagging peer. */
  readonly now: () => number;
  readonly every: number;
  /** Sealing failed: reported, nothing sent. */
  readonly failed: (message: string, err: unknown) => void;
  /**
   * False when votes go to the next leader only: a rank at which no vote came to this node says
   * nothing about who voted there, and sends nobody anything.
   */
  readonly votesComeToAll?: boolean;
}

interface Sealed {
  readonly frame: Frame;
  readonly envelope: Envelope;
  readonly bytes: Uint8Array;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

export function createConfirmations(o: ConfirmationsOptions): Confirmations {
  const peers = o.validators.filter((id) => id !== o.self);
  let latest: Frame | null = null;
  let sealed: Sealed | null = null;
  // Every map and set below is keyed by validators only (senders are looked up before this).
  /**
   * Who voted, and for which frame when it was read, per rank from the latest confirmed one up
   * (ranks within the machine's window).
   */
  const votedAt = new Map<number, Map<PeerId, string | undefined>>();
  /** Confirmed ranks in a row each peer's vote did not come for, since its last proposal. */
  const silentFor = new Map<PeerId, number>();
  const sentAt = new Map<PeerId, number>();

  function seal(frame: Frame): Sealed | null {
    if (sealed?.frame === frame) return sealed;
    try {
      const message = messageFrom<Frame, Ballot, PeerId, Collected>('confirmation', o.self, [frame]);
      const { envelope, text } = sealMessageWithText(referenceDomain, o.signer, message, o.chain);
      sealed = { frame, envelope, bytes: encodeUtf8(text) };
      return sealed;
    } catch (err) {
      o.failed(`sealing the confirmation at rank ${frame.rank} failed`, err);
      return null;
    }
  }

  function send(frame: Frame, to: PeerId): boolean {
    const held = seal(frame);
    if (held === null) return false;
    o.outbound.transmit(held.envelope, to, held.bytes);
    return true;
  }

  /** The peers whose vote at `frame`'s rank never came: sent it while their silence doubles. */
  function unvoted(frame: Frame): void {
    const voters = votedAt.get(frame.rank);
    if (voters === undefined && o.votesComeToAll === false) return;
    for (const peer of peers) {
      if (voters?.has(peer) === true) {
        silentFor.set(peer, 0);
        const votedFor = voters.get(peer);
        if (votedFor !== undefined && votedFor !== frame.id) send(frame, peer);
        continue;
      }
      const silent = (silentFor.get(peer) ?? 0) + 1;
      silentFor.set(peer, silent);
      if (isPowerOfTwo(silent)) send(frame, peer);
    }
  }

  return {
    confirmed(frame) {
      if (latest !== null && frame.rank <= latest.rank) return;
      if (latest !== null) unvoted(latest);
      latest = frame;
      for (const rank of votedAt.keys()) if (rank < frame.rank) votedAt.delete(rank);
    },
    voted(peer, rank, frame) {
      if (latest !== null && rank < latest.rank) return;
      let voters = votedAt.get(rank);
      if (voters === undefined) {
        voters = new Map();
        votedAt.set(rank, voters);
      }
      // A peer votes once per rank: the first frame read is the one it voted for.
      if (voters.get(peer) === undefined) voters.set(peer, frame);
    },
    proposed(peer) {
      if (silentFor.has(peer)) silentFor.set(peer, 0);
    },
    behind(peer, rank) {
      if (latest === null || latest.rank <= rank || peer === o.self) return;
      const t = o.now();
      if (t - (sentAt.get(peer) ?? -Infinity) < o.every) return;
      if (send(latest, peer)) sentAt.set(peer, t);
    },
  };
}
