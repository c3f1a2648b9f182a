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
import type { Domain, PeerAccessor, RankedAccessor } from '../engine/types';
import type { ConsensusMessage } from '../transport/messages';
import { canonicalJsonOf } from './canonical';
import { isConsensusKind, signEnvelope, type ConsensusKind, type Envelope } from './envelope';
import type { Json } from './json';
import { reportErrors } from './reporter';
import type { Signer } from './signature';
import { underField, wireError, type WireError } from './wire-error';

/** A consensus message: the in-memory transport's `ConsensusMessage`, the engine's receive side. */
export type PlainMessage<S, V, P, C> = ConsensusMessage<S, V, P, C>;

type WithCodec<A, T> = A & { readonly codec: t.Type<T, unknown> };

/** A domain whose four accessors all carry an io-ts codec: what the wire needs to decode bodies. */
export interface WireDomain<S, V, P, C> extends Domain<S, V, P, C> {
  readonly state: WithCodec<RankedAccessor<S>, S>;
  readonly vote: WithCodec<RankedAccessor<V>, V>;
  readonly peer: WithCodec<PeerAccessor<P>, P>;
  readonly collected: WithCodec<RankedAccessor<C>, C>;
}

/** The peer a message is from: the voter for a vote. */
export function senderOf<S, V, P, C>(message: PlainMessage<S, V, P, C>): P {
  return message.kind === 'vote' ? message.voter : message.peer;
}

/** The rank a message belongs to, as the domain reads it. */
export function rankOf<S, V, P, C>(domain: Domain<S, V, P, C>, message: PlainMessage<S, V, P, C>): number {
  switch (message.kind) {
    case 'proposal':
      return domain.state.rank(message.proposal);
    case 'vote':
      return domain.vote.rank(message.vote);
    case 'liveness':
      return domain.collected.rank(message.collected);
    case 'confirmation':
      return domain.state.rank(message.confirmation);
  }
}

/** Seal a message this node sends: encode its body with the domain's codecs and sign it. */
export function sealMessage<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  signer: Signer,
  message: PlainMessage<S, V, P, C>,
): Envelope {
  const body = toJson(bodyOf(domain, message));
  const sender = domain.peer.identity(senderOf(message));
  return signEnvelope({ kind: message.kind, sender, rank: rankOf(domain, message), body }, signer);
}

function bodyOf<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  m: PlainMessage<S, V, P, C>,
): Record<string, unknown> {
  switch (m.kind) {
    case 'proposal':
      return { proposal: domain.state.codec.encode(m.proposal) };
    case 'vote':
      return { proposer: domain.peer.codec.encode(m.proposer), vote: domain.vote.codec.encode(m.vote) };
    case 'liveness':
      return { collected: domain.collected.codec.encode(m.collected) };
    case 'confirmation':
      return { confirmation: domain.state.codec.encode(m.confirmation) };
  }
}

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

interface BodyCodecs<S, V, P, C> {
  readonly proposal: t.Type<{ proposal: S }, unknown>;
  readonly vote: t.Type<{ proposer: P; vote: V }, unknown>;
  readonly liveness: t.Type<{ collected: C }, unknown>;
  readonly confirmation: t.Type<{ confirmation: S }, unknown>;
}

const bodyCodecCache = new WeakMap<object, unknown>();

/** The body codec of each kind, built once per domain. Extra body fields are dropped. */
function bodyCodecs<S, V, P, C>(domain: WireDomain<S, V, P, C>): BodyCodecs<S, V, P, C> {
  const cached = bodyCodecCache.get(domain);
  if (cached !== undefined) return cached as BodyCodecs<S, V, P, C>;
  const codecs: BodyCodecs<S, V, P, C> = {
    proposal: t.strict({ proposal: domain.state.codec }),
    vote: t.strict({ proposer: domain.peer.codec, vote: domain.vote.codec }),
    liveness: t.strict({ collected: domain.collected.codec }),
    confirmation: t.strict({ confirmation: domain.state.codec }),
  };
  bodyCodecCache.set(domain, codecs);
  return codecs;
}

function decodeBody<S, V, P, C>(
  domain: WireDomain<S, V, P, C>,
  kind: ConsensusKind,
  body: unknown,
  sender: P,
): Either<WireError, PlainMessage<S, V, P, C>> {
  const codecs = bodyCodecs(domain);
  const decode = <A>(codec: t.Type<A, unknown>, build: (a: A) => PlainMessage<S, V, P, C>) => {
    const result = codec.decode(body);
    return result._tag === 'Left' ? left(reportErrors(result.left)) : right(build(result.right));
  };
  switch (kind) {
    case 'proposal':
      return decode(codecs.proposal, (b) => ({ kind, peer: sender, proposal: b.proposal }));
    case 'vote':
      return decode(codecs.vote, (b) => ({ kind, proposer: b.proposer, voter: sender, vote: b.vote }));
    case 'liveness':
      return decode(codecs.liveness, (b) => ({ kind, peer: sender, collected: b.collected }));
    case 'confirmation':
      return decode(codecs.confirmation, (b) => ({ kind, peer: sender, confirmation: b.confirmation }));
  }
}
