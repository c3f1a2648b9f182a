/**
 * Delivery: every inbound message goes through the guarded path (chain, size, sender, window,
 * signature, the protocol's checks) with the link it came on, so refusals are scored per link.
 * What proposals and confirmations tell about certificates is learnt even when the machine cannot
 * take them: a proposal beyond the window means this node is behind, and its frame (checked in
 * full) says where the others are. That check costs a signature, so it is made for at most one
 * such message per sender per `farEvery` ms; the others are refused with no signature checked.
 */
import type { Tracer } from '../../engine/types';
import type { GuardedInbound } from '../../inbound/guarded-inbound';
import type { MessageCheck } from '../../inbound/message-check';
import { decodeEnvelope } from '../../wire/encoding';
import { verifyEnvelope } from '../../wire/envelope';
import { openEnvelope } from '../../wire/message';
import { referenceDomain } from '../domain';
import type { Ballot, Collected, Frame, PeerId } from '../types';
import type { PlainMessage } from '../../wire/message';
import type { Verification } from '../verification';
import type { CatchUp } from './catch-up';
import type { ValidatorEvent } from './events';
import type { ReceivedLedger } from './received';
import type { Rounds } from './rounds';
import type { InboundBytes } from './transport';

type Message = PlainMessage<Frame, Ballot, PeerId, Collected>;

export interface DeliveryOptions {
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  readonly check: Verification;
  readonly messageCheck: MessageCheck<Frame, Ballot, PeerId, Collected>;
  readonly maxBytes: number;
  readonly rounds: Rounds;
  readonly catchUp: CatchUp;
  readonly received: ReceivedLedger;
  readonly tree: {
    addFrame(frame: Frame): void;
    frame(id: string): Frame | undefined;
    certificateOf(id: string): unknown;
  };
  readonly report: (event: ValidatorEvent) => void;
  /** The clock (scheduler time) and the least time between two far-ahead checks per sender. */
  readonly now: () => number;
  readonly farEvery: number;
  /** A vote of `peer`'s own came for `rank`: for `frame` (taken), or refused as late. */
  readonly voted?: (peer: PeerId, rank: number, frame?: string) => void;
  /** A proposal or vote of `peer`'s own came for `rank`, which this node has left. */
  readonly behind?: (peer: PeerId, rank: number) => void;
  /** A proposal of `peer`'s own was taken. */
  readonly proposed?: (peer: PeerId) => void;
  /** Tells the transport of each refusal of a message that came on `link`, to charge the peer. */
  readonly refused?: (link: string, reason: string) => void;
  readonly tracer?: Tracer;
}

export function createDelivery(o: DeliveryOptions): (message: InboundBytes) => void {
  const { inbound, check, rounds, received } = o;
  // Keyed by validators only (the sender is looked up first): bounded by the set.
  const farCheckedAt = new Map<PeerId, number>();

  /** What a valid proposal or confirmation tells about certificates. */
  function learnFrom(frame: Frame): void {
    o.tree.addFrame(frame);
    if (frame.justify !== null) {
      received.recordCertificate(frame.justify);
      rounds.observeQc(frame.justify, 'certificate');
    }
    if (frame.timeout !== null) rounds.observeTc(frame.timeout);
  }

  /**
   * A message the machine does not take (beyond its window, or late), checked here in full when
   * `worth` says so (after decoding, before the signature), then returned.
   */
  function checkAside(
    bytes: Uint8Array,
    worth: (message: Message, sender: PeerId) => boolean,
  ): { readonly message: Message; readonly sender: PeerId } | undefined {
    const decoded = decodeEnvelope(bytes, { maxBytes: o.maxBytes });
    if (decoded._tag === 'Left') return undefined;
    const envelope = decoded.right;
    if (envelope.chain !== check.chain) return undefined;
    const key = check.validators.publicKeyOf(envelope.sender);
    if (key === undefined) return undefined;
    const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
    if (opened._tag === 'Left' || !worth(opened.right, envelope.sender)) return undefined;
    if (!verifyEnvelope(envelope, key, check.verifier, referenceDomain.itemSigning)) return undefined;
    if (o.messageCheck(opened.right) !== undefined) return undefined;
    return { message: opened.right, sender: envelope.sender };
  }

  /**
   * A late confirmation: taken when it carries a frame this node holds the certificate of but
   * not the frame (a peer's answer to this node's missing vote), so a signature is checked only
   * for a frame the chain needs.
   */
  function learnFromLate(bytes: Uint8Array): void {
    const checked = checkAside(
      bytes,
      (m) =>
        m.kind === 'confirmation' &&
        o.tree.frame(m.confirmation.id) === undefined &&
        o.tree.certificateOf(m.confirmation.id) !== undefined,
    );
    if (checked?.message.kind === 'confirmation') learnFrom(checked.message.confirmation);
  }

  /** A proposal or confirmation beyond the machine's window: checked here, then learnt from. */
  function learnFromFar(bytes: Uint8Array): void {
    const checked = checkAside(bytes, (_m, sender) => {
      const now = o.now();
      if (now - (farCheckedAt.get(sender) ?? -Infinity) < o.farEvery) return false;
      farCheckedAt.set(sender, now);
      return true;
    });
    if (checked === undefined) return;
    const { message, sender } = checked;
    const frame =
      message.kind === 'proposal'
        ? message.proposal
        : message.kind === 'confirmation'
          ? message.confirmation
          : null;
    if (frame === null) return;
    if (message.kind === 'proposal') received.record(frame.proposer, 'proposal', frame.rank, frame.id);
    learnFrom(frame);
    o.catchUp.request(sender);
  }

  return ({ bytes, from, link }) => {
    const result = inbound.accept(bytes, link ?? from);
    if (result._tag === 'Right') {
      const { message, envelope } = result.right;
      if (from !== undefined && from !== envelope.sender)
        o.tracer?.trace(`${from} relayed a message of ${envelope.sender}`);
      if (message?.kind === 'proposal') {
        received.record(message.peer, 'proposal', message.proposal.rank, message.proposal.id);
        o.proposed?.(message.peer);
        learnFrom(message.proposal);
      } else if (message?.kind === 'vote') {
        const { vote } = message;
        received.record(vote.voter, 'vote', vote.rank, `${vote.proposal}@${vote.proposer}`);
        o.voted?.(vote.voter, vote.rank, vote.proposal);
      } else if (message?.kind === 'confirmation') learnFrom(message.confirmation);
      return;
    }
    const r = result.left;
    if (link !== undefined) o.refused?.(link, r.reason);
    // A second, different item from one signer at one rank is signed too: it is the evidence.
    if (r.reason === 'equivocation') received.record(r.voter, 'vote', r.rank, r.secondId);
    else if (r.reason === 'conflict' && r.kind === 'proposal')
      received.record(r.sender, 'proposal', r.rank, r.secondId);
    // An honest validator sends its proposal or vote at the rank it is in: one for a rank this
    // node has left says its sender lags, or is stuck there.
    if (r.reason === 'stale' && r.kind === 'vote') o.voted?.(r.sender, r.rank);
    if (r.reason === 'stale' && (r.kind === 'vote' || r.kind === 'proposal')) o.behind?.(r.sender, r.rank);
    if (r.reason === 'stale' && r.kind === 'confirmation') learnFromLate(bytes);
    if (r.reason === 'too_far_ahead' && (r.kind === 'proposal' || r.kind === 'confirmation'))
      learnFromFar(bytes);
    const sender = 'sender' in r ? r.sender : 'voter' in r ? r.voter : null;
    o.report({ kind: 'refused', reason: r.reason, sender, message: r.message });
  };
}
