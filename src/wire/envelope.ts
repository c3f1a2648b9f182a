/**
 * The signed envelope every message travels in: `{ chain, kind, sender, rank, body, signature }`.
 * The sender signs the canonical JSON of `{ chain, kind, sender, rank, body }` prefixed by a
 * context string, so an envelope signature can never be replayed as a signature over anything
 * else (a frame id, a ballot), nor on another chain: `chain` names the chain it was signed for
 * ('' on a network that has only one), and a receiver refuses another chain's envelope before any
 * other work. The body is checked by the domain's codecs only after the signature (see
 * `message.ts`).
 */
import * as t from 'io-ts';
import { CONSENSUS_KINDS, type ConsensusKind } from '../machine/message-kinds';
import { canonicalJsonOf } from './canonical';
import type { Json } from './json';
import { ChainTag, Rank, SenderId, SignatureHex } from './primitives';
import type { Signer, Verifier } from './signature';
import { encodeUtf8 } from './utf8';

/**
 * Every kind of envelope: the consensus messages (the kinds of `machine/message-kinds.ts`), and
 * the ones a protocol handles itself (the reference protocol's timeouts and catch-up requests
 * and answers).
 */
const ENVELOPE_KINDS = {
  ...(Object.fromEntries(CONSENSUS_KINDS.map((kind) => [kind, null])) as Record<ConsensusKind, null>),
  timeout: null,
  fetch: null,
  frames: null,
};
export const MessageKind = t.keyof(
  ENVELOPE_KINDS,
  Object.keys(ENVELOPE_KINDS)
    .map((kind) => `"${kind}"`)
    .join(' | '),
);
export type MessageKind = t.TypeOf<typeof MessageKind>;

/** A JSON object (the body before the domain's codec has looked at it). */
const JsonObject = new t.Type<{ readonly [key: string]: Json }, { readonly [key: string]: Json }, unknown>(
  'an object',
  (u): u is { readonly [key: string]: Json } => typeof u === 'object' && u !== null && !Array.isArray(u),
  (u, c) =>
    typeof u === 'object' && u !== null && !Array.isArray(u)
      ? t.success(u as { [key: string]: Json })
      : t.failure(u, c),
  (o) => o,
);

/** Extra top-level fields are dropped (`t.strict`): they are not covered by the signature. */
export const EnvelopeCodec = t.strict(
  {
    chain: ChainTag,
    kind: MessageKind,
    sender: SenderId,
    rank: Rank,
    body: JsonObject,
    signature: SignatureHex,
  },
  'Envelope',
);
export type Envelope = t.TypeOf<typeof EnvelopeCodec>;
export type UnsignedEnvelope = Omit<Envelope, 'signature'>;

/** Domain separation for envelope signatures. */
export const ENVELOPE_CONTEXT = 'rx-consensus/envelope/v2\n';

/** The exact bytes an envelope's signature covers. */
export function envelopeSigningBytes(e: UnsignedEnvelope): Uint8Array {
  const { chain, kind, sender, rank, body } = e;
  return encodeUtf8(ENVELOPE_CONTEXT + canonicalJsonOf({ body, chain, kind, rank, sender }));
}

export function signEnvelope(unsigned: UnsignedEnvelope, signer: Signer): Envelope {
  return signEnvelopeWithText(unsigned, signer).envelope;
}

/**
 * `signEnvelope`, and the envelope's wire text (its canonical JSON) made from the text the
 * signature covers: `signature` sorts after every other field, so it is the last member, and the
 * body is encoded once instead of twice.
 */
export function signEnvelopeWithText(
  unsigned: UnsignedEnvelope,
  signer: Signer,
): { readonly envelope: Envelope; readonly text: string } {
  const { chain, kind, sender, rank, body } = unsigned;
  const signed = canonicalJsonOf({ body, chain, kind, rank, sender });
  const signature = signer.sign(encodeUtf8(ENVELOPE_CONTEXT + signed));
  return {
    envelope: { chain, kind, sender, rank, body, signature },
    text: `${signed.slice(0, -1)},"signature":${JSON.stringify(signature)}}`,
  };
}

/** Whether `envelope.signature` is `publicKey`'s signature over the envelope. Never throws. */
export function verifyEnvelope(envelope: Envelope, publicKey: string, verifier: Verifier): boolean {
  try {
    return verifier.verify(publicKey, envelopeSigningBytes(envelope), envelope.signature);
  } catch {
    return false;
  }
}
