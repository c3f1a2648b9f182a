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
import type { Verification } from '../verification';
import type { CatchUp } from './catch-up';
import type { ValidatorEvent } from './events';
import type { ReceivedLedger } from './received';
import type { Rounds } from './rounds';
import type { InboundBytes } from './transport';

export interface DeliveryOptions {
  readonly inbound: GuardedInbound<Frame, Ballot, PeerId, Collected>;
  readonly check: Verification;
  readonly messageCheck: MessageCheck<Frame, Ballot, PeerId, Collected>;
  readonly maxBytes: number;
  readonly rounds: Rounds;
  readonly catchUp: CatchUp;
  readonly received: ReceivedLedger;
  readonly tree: { addFrame(frame: Frame): void };
  readonly report: (event: ValidatorEvent) => void;
  /** The clock (scheduler time) and the least time between two far-ahead checks per sender. */
  readonly now: () => number;
  readonly farEvery: number;
  /** A proposal or vote of `peer`'s own came for `rank`, which this node has left. */
  readonly behind?: (peer: PeerId, rank: number) => void;
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

  /** A proposal or confirmation beyond the machine's window: checked here, then learnt from. */
  function learnFromFar(bytes: Uint8Array): void {
    const decoded = decodeEnvelope(bytes, { maxBytes: o.maxBytes });
    if (decoded._tag === 'Left') return;
    const envelope = decoded.right;
    if (envelope.chain !== check.chain) return;
    const key = check.validators.publicKeyOf(envelope.sender);
    if (key === undefined) return;
    const now = o.now();
    if (now - (farCheckedAt.get(envelope.sender) ?? -Infinity) < o.farEvery) return;
    farCheckedAt.set(envelope.sender, now);
    if (!verifyEnvelope(envelope, key, check.verifier)) return;
    const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
    if (opened._tag === 'Left' || o.messageCheck(opened.right) !== undefined) return;
    const message = opened.right;
    const frame =
      message.kind === 'proposal'
        ? message.proposal
        : message.kind === 'confirmation'
          ? message.confirmation
          : null;
    if (frame === null) return;
    if (message.kind === 'proposal') received.record(frame.proposer, 'proposal', frame.rank, frame.id);
    learnFrom(frame);
    o.catchUp.request(envelope.sender);
  }

  return ({ bytes, from, link }) => {
    const result = inbound.accept(bytes, link ?? from);
    if (result._tag === 'Right') {
      const { message, envelope } = result.right;
      if (from !== undefined && from !== envelope.sender)
        o.tracer?.trace(`${from} relayed a message of ${envelope.sender}`);
      if (message?.kind === 'proposal') {
        received.record(message.peer, 'proposal', message.proposal.rank, message.proposal.id);
        learnFrom(message.proposal);
      } else if (message?.kind === 'vote') {
        const { vote } = message;
        received.record(vote.voter, 'vote', vote.rank, `${vote.proposal}@${vote.proposer}`);
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
    if (r.reason === 'stale' && (r.kind === 'vote' || r.kind === 'proposal')) o.behind?.(r.sender, r.rank);
    if (r.reason === 'too_far_ahead' && (r.kind === 'proposal' || r.kind === 'confirmation'))
      learnFromFar(bytes);
    const sender = 'sender' in r ? r.sender : 'voter' in r ? r.voter : null;
    o.report({ kind: 'refused', reason: r.reason, sender, message: r.message });
  };
}
