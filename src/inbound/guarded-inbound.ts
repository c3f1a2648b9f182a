/**
 * The guarded inbound path: every byte from the network goes through it before the machine sees
 * it. In order (cheapest first, and nothing unauthenticated reaches the costlier steps):
 *
 *   size limit → shape (nesting, values, keys per object, on the raw text) → JSON → envelope codec
 *   → this chain → known sender → rank window (every kind: the protocol's own kinds by
 *   `protocolWindow`)
 *   → envelope signature (for a kind the domain signs by its item, e.g. a vote by its ballot: the
 *     envelope's fields checked against the item, then the item's signature, which the envelope
 *     repeats) → body codecs (the domain's) → the protocol's own checks (inner signatures)
 *   → the machine's receive side (its own refusals are mapped to the same typed rejections)
 *   → same sender, same rank, different item? (equivocation / conflict, with both signed envelopes;
 *     the machine saw it too, refused it and reported it on its own `equivocation$`)
 *
 * `accept` never throws, whatever it is given. Each rejection is counted, published on
 * `rejection$` and returned as a `Left`; none changes the machine's state (only a second,
 * different item from a signed sender reaches the machine, which refuses it as well).
 * Refusals are also scored per peer, for a transport adapter to drop peers that keep sending
 * them: per validator when the envelope's signature verified, or for a kind signed by its item
 * once the whole item passed the protocol's checks (anything refused before that may carry a
 * forged sender or an altered item, so it is never held against the validator it names), and per
 * link when the transport says which link a message came in on (`accept(input, from)`).
 * A message the machine queues (it was busy) gets its verdict later on the machine's own
 * `rejection$`.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { Subject, type Observable } from 'rxjs';
import type { Rejection } from '../engine/rejection';
import type { Accepted } from '../engine/state-machine';
import { describeError } from '../guard/describe';
import { DEFAULT_RANK_WINDOW, rankStanding } from '../machine/rank-window';
import { DEFAULT_MAX_BYTES, decodeEnvelopeValue } from '../wire/encoding';
import { isConsensusKind } from '../machine/message-kinds';
import { signedPartOf, verifyEnvelope, type Envelope } from '../wire/envelope';
import { DEFAULT_MAX_DEPTH } from '../wire/json';
import { adoptOpened, openEnvelope, type PlainMessage, type WireDomain } from '../wire/message';
import { readJson } from '../wire/read-json';
import type { Verifier } from '../wire/signature';
import { InboundCounter, type InboundCounts } from './counts';
import { deliver, itemIdOf } from './deliver';
import { EvidenceCache } from './evidence-cache';
import type { KnownSenders } from './known-senders';
import { checkRejection, type MessageCheck } from './message-check';
import { RefusalScore } from './refusal-score';
import { inboundRejection, type InboundRejection, type InboundRejectionDetails } from './rejection';
import type { InboundTarget } from './target';

/** The machine's rule, re-exported where it used to be defined. */
export { DEFAULT_RANK_WINDOW };

export interface GuardedInboundOptions<S, V, P, C> {
  /** The machine (or anything with its receive methods) that gets what passes every check. */
  readonly machine: InboundTarget<S, V, P, C>;
  /** The domain with a codec for each type: bodies are decoded with them. */
  readonly domain: WireDomain<S, V, P, C>;
  /** The chain this node is on: an envelope signed for another is refused first (default ''). */
  readonly chain?: string;
  /** Who may send, with their keys. A `ValidatorSet` is one. */
  readonly validators: KnownSenders<P>;
  /** Checks envelope signatures against the senders' public keys. */
  readonly verifier: Verifier;
  /** Largest message accepted in bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /** Deepest JSON nesting accepted (default 32). */
  readonly maxDepth?: number;
  /** Most values in one message, checked on the text before parsing (default `DEFAULT_MAX_VALUES`). */
  readonly maxValues?: number;
  /** Most keys in one object, checked on the text before parsing (default `DEFAULT_MAX_KEYS`). */
  readonly maxKeys?: number;
  /** Ranks ahead of the active one accepted: give it the machine's own (default `DEFAULT_RANK_WINDOW`). */
  readonly rankWindow?: number;
  /** The protocol's own checks on a decoded message (the reference: inner signatures). */
  readonly check?: MessageCheck<S, V, P, C>;
  /**
   * Envelopes of the kinds beyond the four consensus messages (timeouts, catch-up), handed over
   * once their sender's signature verified. Returns a refusal, or undefined when taken. Without
   * it such envelopes are refused as malformed.
   */
  readonly protocol?: (envelope: Envelope, sender: P) => InboundRejectionDetails | undefined;
  /**
   * How many ranks beyond the active one each of the protocol's own kinds may be when `sender`
   * sends it, checked before its signature like the window of the consensus kinds (no kind is
   * stale: catch-up serves peers behind; a negative answer refuses the kind at every rank as
   * `refused`, e.g. an answer nobody asked `sender` for). Default `protocolWindowOf(rankWindow)`: a timeout one
   * rank more than the machine's window, a `fetch` the window, an answer (`frames`) any rank.
   */
  readonly protocolWindow?: (kind: string, sender: string) => number;
  /** Most transport links whose refusals are scored at once (default 1024; the least recently refused is forgotten). */
  readonly maxScoredLinks?: number;
}

export interface InboundAccepted<S, V, P, C> {
  readonly envelope: Envelope;
  /** The consensus message delivered; null for an envelope the `protocol` option took. */
  readonly message: PlainMessage<S, V, P, C> | null;
  /** What the machine did with it (stored, duplicate, a transition, queued...). */
  readonly verdict: Accepted;
}

export interface GuardedInbound<S, V, P, C> {
  /**
   * Check one message (bytes, text, or a value an in-process transport holds) and deliver it.
   * `from` names the transport link it came in on (a connection or peer id), to score refusals
   * per link.
   */
  accept(input: unknown, from?: string): Either<InboundRejection, InboundAccepted<S, V, P, C>>;
  /** Every rejection, as it happens. */
  readonly rejection$: Observable<InboundRejection>;
  counts(): InboundCounts;
  /** Refusals per validator, counted only once the envelope's signature had verified. */
  refusalsBySender(): ReadonlyMap<string, number>;
  /** Refusals of any kind per transport link (the `from` given to `accept`), at most `maxScoredLinks` links. */
  refusalsByLink(): ReadonlyMap<string, number>;
  /** Refusals charged to validator `sender` (as in `refusalsBySender`): what an adapter compares with its limit. */
  score(sender: string): number;
  /** Completes `rejection$`; later messages are refused. */
  close(): void;
}

export function createGuardedInbound<S, V, P, C>(
  options: GuardedInboundOptions<S, V, P, C>,
): GuardedInbound<S, V, P, C> {
  const { machine, domain, validators, verifier, check } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const window = options.rankWindow ?? DEFAULT_RANK_WINDOW;
  const protocolWindow = options.protocolWindow ?? protocolWindowOf(window);
  const chain = options.chain ?? '';
  const rejections = new Subject<InboundRejection>();
  const counter = new InboundCounter();
  const evidence = new EvidenceCache();
  // A validator id is charged only after its signature verified, so this holds known senders only.
  const bySender = new RefusalScore(Infinity);
  const byLink = new RefusalScore(options.maxScoredLinks ?? 1024);
  let closed = false;

  type Checked = Either<InboundRejectionDetails, InboundAccepted<S, V, P, C>>;

  /** Check `input`; `seen.sender` is set once its envelope signature verified. */
  function guard(input: unknown, seen: { sender?: string }): Checked {
    const json = readJson(input, {
      maxBytes,
      maxDepth,
      maxValues: options.maxValues,
      maxKeys: options.maxKeys,
    });
    if (json._tag === 'Left') {
      const p = json.left;
      return left(
        p.type === 'oversized' ? { reason: 'oversized', size: p.size, limit: p.limit } : malformed(p.error),
      );
    }
    const decoded = decodeEnvelopeValue(json.right);
    if (decoded._tag === 'Left') return left(malformed(decoded.left));
    const envelope = decoded.right;
    const { kind, sender, rank } = envelope;
    if (envelope.chain !== chain)
      return left(
        malformed({
          field: 'chain',
          problem: `signed for another chain (${JSON.stringify(envelope.chain)}); this node is on ${JSON.stringify(chain)}`,
        }),
      );

    const peer = validators.peerOf(sender);
    const publicKey = validators.publicKeyOf(sender);
    if (peer === undefined || publicKey === undefined) return left({ reason: 'unknown_sender', sender });

    // The protocol's own kinds (timeouts, catch-up) apply their own rank rules, after a window.
    if (!isConsensusKind(kind)) {
      if (options.protocol === undefined)
        return left(malformed({ field: 'kind', problem: `${kind} messages are not handled here` }));
      const activeRank = machine.getSnapshot().activeRank;
      const ahead = protocolWindow(kind, sender);
      if (ahead < 0)
        return left({
          reason: 'refused',
          problem: `${kind} from ${sender} is not taken now: the protocol refuses it before its signature`,
        });
      if (rank > activeRank + ahead)
        return left({ reason: 'too_far_ahead', kind, sender, rank, activeRank, window: ahead });
      if (!verifyEnvelope(envelope, publicKey, verifier)) return left(badEnvelopeSignature(sender));
      seen.sender = sender;
      const refused = options.protocol(envelope, peer);
      return refused === undefined ? right({ envelope, message: null, verdict: TAKEN }) : left(refused);
    }

    const activeRank = machine.getSnapshot().activeRank;
    evidence.pruneThrough(activeRank);
    const standing = rankStanding(rank, activeRank, window);
    if (standing === 'stale') return left({ reason: 'stale', kind, sender, rank, activeRank });
    if (standing === 'too_far_ahead')
      return left({ reason: 'too_far_ahead', kind, sender, rank, activeRank, window });

    // A kind signed by its item (a vote's ballot) is checked against the item first, then the
    // item's signature verified; its sender is held to account once the whole item has passed.
    const signed = signedPartOf(envelope, domain.itemSigning);
    if (signed._tag === 'Left') {
      const { error, signature } = signed.left;
      return left(signature ? badSignature(sender, error.field, error.problem) : malformed(error));
    }
    if (!verifier.verify(publicKey, signed.right.bytes, envelope.signature))
      return left(badSignature(sender, signed.right.field, 'does not verify under the sender key'));
    if (!signed.right.byItem) seen.sender = sender;

    const opened = openEnvelope(domain, envelope, peer);
    if (opened._tag === 'Left') return left(malformed(opened.left));
    const message = opened.right;
    // Parsed here from the input's text: nobody else holds it, so the machine may keep it as is.
    adoptOpened(domain, message);
    const problem = check?.(message);
    if (problem !== undefined) return left(checkRejection(problem, sender));
    seen.sender = sender;

    const itemId = itemIdOf(domain, message);
    const held = evidence.get(rank, kind, sender);
    // A second, different item from one sender at one rank goes to the machine as well: it
    // refuses it (nothing changes) and reports it on its own `equivocation$` and `rejection$`
    // with both items, while the refusal here carries both signed envelopes.
    const verdict = deliver(machine, message);
    if (
      held !== undefined &&
      held.itemId !== itemId &&
      (verdict._tag === 'Left' || verdict.right.status === 'queued')
    )
      return left(twoItems(envelope, held.itemId, itemId, held.envelope));
    if (verdict._tag === 'Left') return left(fromMachine(verdict.left, envelope, held?.envelope ?? null));
    evidence.hold(rank, kind, sender, { envelope, itemId });
    return right({ envelope, message, verdict: verdict.right });
  }

  function accept(input: unknown, from?: string): Either<InboundRejection, InboundAccepted<S, V, P, C>> {
    let checked: Checked;
    // Per call, not per path: the machine may call back into `accept` while delivering.
    const seen: { sender?: string } = {};
    if (closed) {
      checked = left({ reason: 'refused', problem: 'the inbound path is closed' });
    } else {
      try {
        checked = guard(input, seen);
      } catch (e) {
        checked = left({
          reason: 'refused',
          problem: `unexpected error while checking: ${describeError(e)}`,
        });
      }
    }
    if (checked._tag === 'Right') {
      counter.accept();
      return checked;
    }
    const rejection = inboundRejection(checked.left);
    counter.reject(rejection.reason);
    if (seen.sender !== undefined) bySender.charge(seen.sender);
    if (typeof from === 'string') byLink.charge(from);
    if (!closed) rejections.next(rejection);
    return left(rejection);
  }

  return {
    accept,
    rejection$: rejections.asObservable(),
    counts: () => counter.snapshot(),
    refusalsBySender: () => bySender.snapshot(),
    refusalsByLink: () => byLink.snapshot(),
    score: (sender) => bySender.of(sender),
    close() {
      if (closed) return;
      closed = true;
      rejections.complete();
    },
  };
}

/**
 * The default reach of the protocol's own kinds: a timeout one rank beyond the machine's window
 * (a timeout for the round after the window's last still counts), a catch-up request the window
 * (nobody can serve frames after a rank it has not reached), an answer any rank (catch-up answers
 * run ahead by design; they are bounded by being asked for).
 */
export const protocolWindowOf =
  (window: number) =>
  (kind: string): number =>
    kind === 'timeout' ? window + 1 : kind === 'fetch' ? window : Number.MAX_SAFE_INTEGER;

const TAKEN: Accepted = Object.freeze({ status: 'stored' });

const badSignature = (sender: string, field: string, problem: string): InboundRejectionDetails => ({
  reason: 'bad_signature',
  sender,
  field,
  problem,
});

const badEnvelopeSignature = (sender: string): InboundRejectionDetails =>
  badSignature(sender, 'signature', 'does not verify under the sender key');

const malformed = (e: { readonly field: string; readonly problem: string }): InboundRejectionDetails => ({
  reason: 'malformed',
  field: e.field,
  problem: e.problem,
});

/** Two different items from one sender at one rank: equivocation for votes, a conflict otherwise. */
function twoItems(
  second: Envelope,
  firstId: string,
  secondId: string,
  first: Envelope | null,
): InboundRejectionDetails {
  const { kind, sender, rank } = second;
  return kind === 'vote'
    ? { reason: 'equivocation', voter: sender, rank, firstId, secondId, first, second }
    : { reason: 'conflict', kind, sender, rank, firstId, secondId, first, second };
}

/** The machine's own refusal, as an inbound rejection. */
function fromMachine(
  r: Rejection<unknown, unknown>,
  envelope: Envelope,
  held: Envelope | null,
): InboundRejectionDetails {
  const d = r.details;
  const { kind, sender } = envelope;
  switch (d.reason) {
    case 'stale':
      return { reason: 'stale', kind, sender, rank: d.rank, activeRank: d.activeRank };
    case 'too_far_ahead':
      return {
        reason: 'too_far_ahead',
        kind,
        sender,
        rank: d.rank,
        activeRank: d.activeRank,
        window: d.window,
      };
    case 'malformed':
      return { reason: 'malformed', field: d.field, problem: d.problem };
    case 'unknown_peer':
      return { reason: 'unknown_peer', kind, sender, field: d.field, peerId: d.peerId };
    case 'equivocation':
      return twoItems(envelope, d.first.voteId, d.second.voteId, held);
    case 'conflict':
      return twoItems(envelope, d.firstId, d.secondId, held);
    default:
      return { reason: 'refused', problem: r.message, machine: r };
  }
}
