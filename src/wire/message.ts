/**
 * Consensus messages in and out of envelopes. A message is the transport's `ConsensusMessage` (the
 * shape of the engine's receive side); its sender (the voter for a vote) is the envelope's signer,
 * so it is not repeated in the body:
 *
 *   proposal      body { proposal }          sender = the peer that proposed
 *   vote          body { proposer, vote }    sender = the voter
 *   liveness      body { collected }         sender = the live peer
 *   confirmation  body { confirmation }      sender = the confirming peer
 *
 * The envelope's rank must equal the rank the domain reads from the body's item.
 */
import { left, right, type Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { adoptDecoded } from '../engine/own-copy';
import type { Domain, PeerAccessor, RankedAccessor } from '../engine/types';
import {
  bodyFieldsOf,
  CONSENSUS_KINDS,
  isConsensusKind,
  itemOf,
  MESSAGE_KINDS,
  senderOf,
  type ConsensusKind,
  type ConsensusMessage,
} from '../machine/message-kinds';
import { canonicalJsonOf } from './canonical';
import { envelopeWithItemSignature, signEnvelopeWithText, type Envelope, type ItemSigning } from './envelope';
import type { Json } from './json';
import { reportErrors } from './reporter';
import type { Signer } from './signature';
import { underField, wireError, type WireError } from './wire-error';

/** A consensus message: the transport's `ConsensusMessage`, the engine's receive side. */
export type PlainMessage<S, V, P, C> = ConsensusMessage<S, V, P, C>;

type WithCodec<A, T> = A & { readonly codec: t.Type<T, unknown> };

/** A domain whose four accessors all carry an io-ts codec: what the wire needs to decode bodies. */
export interface WireDomain<S, V, P, C> extends Domain<S, V, P, C> {
  readonly state: WithCodec<RankedAccessor<S>, S>;
  readonly vote: WithCodec<RankedAccessor<V>, V>;
  readonly peer: WithCodec<PeerAccessor<P>, P>;
  readonly collected: WithCodec<RankedAccessor<C>, C>;
  /**
   * The kinds whose item carries its sender's signature and fixes the rest of the envelope: their
   * envelopes reuse that signature instead of signing again (see `ItemSigning`). Without it every
   * envelope is signed as a whole.
   */
  readonly itemSigning?: ItemSigning<PlainMessage<S, V, P, C>>;
}

/** The rank a message belongs to, as the domain reads it from the message's item. */
export function rankOf<S, V, P, C>(domain: Domain<S, V, P, C>, message: PlainMessage<S, V, P, C>): number {
  const item = itemOf(message);
  return (domain[item.part] as RankedAccessor<unknown>).rank(item.value);
}

/**
 * Seal a message this node sends: encode its body with the domain's codecs and sign it for
 * `chain` (default '': a network with one chain). A kind the domain signs by its item (a vote
 * whose ballot `signer` signed) takes the item's signature and is not signed again.
 */
export function sealMessage<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  signer: Signer,
  message: PlainMessage<S, V, P, C>,
  chain = '',
): Envelope {
  return sealMessageWithText(domain, signer, message, chain).envelope;
}

/** `sealMessage`, and the envelope's wire text, encoded once (see `signEnvelopeWithText`). */
export function sealMessageWithText<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  signer: Signer,
  message: PlainMessage<S, V, P, C>,
  chain = '',
): { readonly envelope: Envelope; readonly text: string } {
  const body = toJson(bodyOf(domain, message));
  const sender = domain.peer.identity(senderOf(message));
  const rank = rankOf(domain, message);
  const unsigned = { chain, kind: message.kind, sender, rank, body };
  const itemSignature = domain.itemSigning?.signatureOf(message);
  return itemSignature === undefined
    ? signEnvelopeWithText(unsigned, signer)
    : envelopeWithItemSignature(unsigned, itemSignature);
}

/** Every field but the sender, each encoded with the codec of its domain part. */
function bodyOf<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  m: PlainMessage<S, V, P, C>,
): Record<string, unknown> {
  const parts: Readonly<Record<string, keyof WireDomain<S, V, P, C>>> = MESSAGE_KINDS[m.kind].parts;
  const values = m as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field of bodyFieldsOf(m.kind))
    body[field] = codecOf(domain, parts[field]!).encode(values[field]);
  return body;
}

const codecOf = <S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  part: keyof WireDomain<S, V, P, C>,
): t.Type<unknown, unknown> => (domain[part] as { readonly codec: t.Type<unknown, unknown> }).codec;

/** Round-trip through canonical text, so the body is exactly what a receiver will parse. */
const toJson = (value: unknown): { readonly [key: string]: Json } =>
  JSON.parse(canonicalJsonOf(value)) as { readonly [key: string]: Json };

/** Decode an envelope's body with the domain's codecs, as sent by `sender`. */
export function openEnvelope<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  envelope: Envelope,
  sender: P,
): Either<WireError, PlainMessage<S, V, P, C>> {
  const kind = envelope.kind;
  if (!isConsensusKind(kind)) return left(wireError('kind', `${kind} is not a consensus message`));
  const decoded = decodeBody(domain, kind, envelope.body, sender);
  if (decoded._tag === 'Left') return left(underField('body', decoded.left));
  const message = decoded.right;
  const rank = rankOf(domain, message);
  if (rank !== envelope.rank) {
    return left(
      wireError('rank', `the envelope says rank ${envelope.rank} but its ${message.kind} is at rank ${rank}`),
    );
  }
  return right(message);
}

/**
 * Hand the machine a message `openEnvelope` decoded from JSON this package parsed itself (nobody
 * else holds it): each item is frozen and marked as decoded by its codec, so the machine takes it
 * as its own without copying or decoding it again, and a check that remembers frozen items (the
 * reference protocol's) finds the one the machine stores already checked.
 */
export function adoptOpened<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  message: PlainMessage<S, V, P, C>,
): void {
  const parts: Readonly<Record<string, keyof WireDomain<S, V, P, C>>> = MESSAGE_KINDS[message.kind].parts;
  const values = message as unknown as Record<string, unknown>;
  for (const field of bodyFieldsOf(message.kind)) adoptDecoded(values[field], codecOf(domain, parts[field]!));
}

type BodyCodecs = Readonly<Record<ConsensusKind, t.Type<Record<string, unknown>, unknown>>>;

const bodyCodecCache = new WeakMap<object, BodyCodecs>();

/** The body codec of each kind, built once per domain. Extra body fields are dropped. */
function bodyCodecs<S, V, P, C>(domain: WireDomain<S, V, P, C>): BodyCodecs {
  const cached = bodyCodecCache.get(domain);
  if (cached !== undefined) return cached;
  const codecs = Object.fromEntries(
    CONSENSUS_KINDS.map((kind) => {
      const parts: Readonly<Record<string, keyof WireDomain<S, V, P, C>>> = MESSAGE_KINDS[kind].parts;
      const props = Object.fromEntries(
        bodyFieldsOf(kind).map((field) => [field, codecOf(domain, parts[field]!)]),
      );
      return [kind, t.strict(props)];
    }),
  ) as unknown as BodyCodecs;
  bodyCodecCache.set(domain, codecs);
  return codecs;
}

/** The message a body decodes to: its fields in table order, the sender's from the envelope. */
function decodeBody<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  kind: ConsensusKind,
  body: unknown,
  sender: P,
): Either<WireError, PlainMessage<S, V, P, C>> {
  const result = bodyCodecs(domain)[kind].decode(body);
  if (result._tag === 'Left') return left(reportErrors(result.left));
  const decoded = result.right;
  const spec = MESSAGE_KINDS[kind];
  const message: Record<string, unknown> = { kind };
  for (const field of spec.fields) message[field] = field === spec.sender ? sender : decoded[field];
  return right(message as PlainMessage<S, V, P, C>);
}
