/**
 * Why the guarded inbound path refused a message, one typed variant per reason, each with a
 * readable `message`. Plain data (no `Error`): a flood of rejections costs no stack traces, and
 * a rejection can be logged or sent on as it is. Equivocation and conflict carry both signed
 * envelopes as evidence anyone holding the validators' public keys can check.
 *
 * The reasons are words of the one vocabulary, `REJECTION_REASONS` (`engine/rejection.ts`): a
 * refusal of the machine's own keeps its reason here when this path has one for it.
 */
import {
  rankTooFarAhead,
  staleRank,
  type AnyRejectionReason,
  type Rejection,
  type SameReasons,
} from '../engine/rejection';
import type { Envelope, MessageKind } from '../wire/envelope';

/** The reasons this path refuses for: a part of `REJECTION_REASONS`. */
export const INBOUND_REJECTION_REASONS = [
  'oversized',
  'malformed',
  'unknown_sender',
  'unknown_peer',
  'bad_signature',
  'stale',
  'too_far_ahead',
  'equivocation',
  'conflict',
  'refused',
] as const satisfies readonly AnyRejectionReason[];
export type InboundRejectionReason = (typeof INBOUND_REJECTION_REASONS)[number];

export type InboundRejectionDetails =
  /** Larger than the size limit (`size` null when reading stopped at the limit). */
  | { readonly reason: 'oversized'; readonly size: number | null; readonly limit: number }
  /** Not a well-formed envelope or body: `field` is the path, `problem` the reason. */
  | { readonly reason: 'malformed'; readonly field: string; readonly problem: string }
  | { readonly reason: 'unknown_sender'; readonly sender: string }
  /** The machine's domain says a peer the body names (`field`: proposer, voter...) is not a member. */
  | {
      readonly reason: 'unknown_peer';
      readonly kind: MessageKind;
      readonly sender: string;
      readonly field: string;
      readonly peerId: string;
    }
  /** `field` is `signature` for the envelope's, or the path of a signed item in the body. */
  | {
      readonly reason: 'bad_signature';
      readonly sender: string;
      readonly field: string;
      readonly problem: string;
    }
  | {
      readonly reason: 'stale';
      readonly kind: MessageKind;
      readonly sender: string;
      readonly rank: number;
      readonly activeRank: number;
    }
  | {
      readonly reason: 'too_far_ahead';
      readonly kind: MessageKind;
      readonly sender: string;
      readonly rank: number;
      readonly activeRank: number;
      readonly window: number;
    }
  /** Two different signed votes from one voter at one rank. `first` is null when this node only
   *  holds the first vote unsigned (it was recorded by the machine itself, or forgotten). */
  | {
      readonly reason: 'equivocation';
      readonly voter: string;
      readonly rank: number;
      readonly firstId: string;
      readonly secondId: string;
      readonly first: Envelope | null;
      readonly second: Envelope;
    }
  /** Two different proposals, liveness checks or confirmations from one sender at one rank. */
  | {
      readonly reason: 'conflict';
      readonly kind: Exclude<MessageKind, 'vote'>;
      readonly sender: string;
      readonly rank: number;
      readonly firstId: string;
      readonly secondId: string;
      readonly first: Envelope | null;
      readonly second: Envelope;
    }
  /** The machine refused it for another reason (closed), or checking failed unexpectedly. */
  | {
      readonly reason: 'refused';
      readonly problem: string;
      readonly machine?: Rejection<unknown, unknown>;
    };

export type InboundRejection = InboundRejectionDetails & { readonly message: string };

const inboundReasonsListed: SameReasons<InboundRejectionDetails['reason'], InboundRejectionReason> = true;
void inboundReasonsListed;

export function describeInboundRejection(d: InboundRejectionDetails): string {
  switch (d.reason) {
    case 'oversized':
      return d.size === null
        ? `oversized: larger than the ${d.limit}-byte limit`
        : `oversized: ${d.size} bytes is over the ${d.limit}-byte limit`;
    case 'malformed':
      return `malformed: ${d.field}: ${d.problem}`;
    case 'unknown_sender':
      return `unknown sender ${quoteId(d.sender)}: not a known validator`;
    case 'unknown_peer':
      return `${d.kind} from ${quoteId(d.sender)} refused: ${d.field} ${quoteId(d.peerId)} is not a member`;
    case 'bad_signature':
      return `bad signature from ${quoteId(d.sender)}: ${d.field}: ${d.problem}`;
    case 'stale':
      return `stale ${d.kind} from ${quoteId(d.sender)}: ${staleRank(d)}`;
    case 'too_far_ahead':
      return `${d.kind} from ${quoteId(d.sender)} too far ahead: ${rankTooFarAhead(d)}`;
    case 'equivocation':
      return `equivocation: voter ${quoteId(d.voter)} voted for ${d.firstId} and for ${d.secondId} at rank ${d.rank}`;
    case 'conflict':
      return `conflicting ${d.kind}: ${quoteId(d.sender)} sent ${d.firstId} and ${d.secondId} at rank ${d.rank}`;
    case 'refused':
      return `refused: ${d.problem}`;
  }
}

export const inboundRejection = (details: InboundRejectionDetails): InboundRejection => ({
  ...details,
  message: describeInboundRejection(details),
});

/** Sender ids are validated (1 to 128 characters) before they reach a message, but may hold any character. */
const quoteId = (id: string): string => JSON.stringify(id);
