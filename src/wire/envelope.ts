/**
 * The signed envelope every message travels in: `{ chain, kind, sender, rank, body, signature }`.
 * The sender signs the canonical JSON of `{ chain, kind, sender, rank, body }` prefixed by a
 * context string, so an envelope signature can never be replayed as a signature over anything
 * else (a frame id, a ballot), nor on another chain: `chain` names the chain it was signed for
 * ('' on a network that has only one), and a receiver refuses another chain's envelope before any
 * other work. The body is checked by the domain's codecs only after the signature (see
 * `message.ts`). A protocol may declare kinds whose body carries an item its sender signed and
 * that fixes the rest of the envelope (`ItemSigning`): those envelopes carry the item's signature
 * instead of a second one.
 */
import { left, right, type Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { CONSENSUS_KINDS, type ConsensusKind } from '../machine/message-kinds';
import { canonicalJsonOf } from './canonical';
import type { Json } from './json';
import { ChainTag, Rank, SenderId, SignatureHex } from './primitives';
import type { Signer, Verifier } from './signature';
import { encodeUtf8 } from './utf8';
import { wireError, type WireError } from './wire-error';

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
  return withSignature(unsigned, signed, signature);
}

/**
 * An envelope whose signature is the one its sender already made over the item in its body (see
 * `ItemSigning`), and its wire text; nothing is signed again.
 */
export function envelopeWithItemSignature(
  unsigned: UnsignedEnvelope,
  signature: string,
): { readonly envelope: Envelope; readonly text: string } {
  const { chain, kind, sender, rank, body } = unsigned;
  return withSignature(unsigned, canonicalJsonOf({ body, chain, kind, rank, sender }), signature);
}

function withSignature(
  { chain, kind, sender, rank, body }: UnsignedEnvelope,
  unsignedText: string,
  signature: string,
): { readonly envelope: Envelope; readonly text: string } {
  return {
    envelope: { chain, kind, sender, rank, body, signature },
    text: `${unsignedText.slice(0, -1)},"signature":${JSON.stringify(signature)}}`,
  };
}

/**
 * Kinds whose body carries an item its sender has already signed, and that item fixes every other
 * field of the envelope (a vote's ballot names its voter and rank; a proposal's frame its proposer
 * and rank). Such an envelope is not signed a second time: its `signature` is the item's, over the
 * item's own signed bytes, so a receiver verifies one signature instead of two, and the item's
 * check finds it verified. A protocol declares such kinds among the four consensus messages on
 * its wire domain; every other kind, and a protocol's own kinds (timeouts, catch-up), is signed as
 * a whole.
 *
 * What the envelope signature proves is then the item's signature only: a domain that declares a
 * kind here must check the rest of the item (a frame's content against its signed id) in its own
 * message check, and a receiver holds a refusal against the sender only once that check passed.
 */
export interface ItemSigning<M> {
  /** The signature `message`'s sender made over its item, for a kind signed that way; else undefined. */
  signatureOf(message: M): string | undefined;
  /**
   * For an envelope of a kind signed by its item: the item's signature and the bytes it covers,
   * once each field the item fixes (sender, rank, any body field repeating the item) is found
   * equal to it; a `WireError` names the first field that is not. Undefined for every other kind.
   * Never throws; costs the item's size.
   */
  signedItemOf(envelope: Envelope): Either<WireError, SignedItem> | undefined;
}

/** What an item's signature covers, as `ItemSigning` reads it from an envelope. */
export interface SignedItem {
  readonly bytes: Uint8Array;
  readonly signature: string;
  /** Where the signature sits in the envelope, e.g. `body.vote.signature`: what a refusal names. */
  readonly field: string;
}

/** What an envelope's signature covers, as `signedPartOf` finds it. */
export interface SignedPart {
  readonly bytes: Uint8Array;
  /** The field a refusal of the signature names: `signature`, or the item's, e.g. `body.vote.signature`. */
  readonly field: string;
  /** Whether the signature is its item's (so it proves the item, not the rest of the envelope). */
  readonly byItem: boolean;
}

/** Why an envelope's signed part could not be read: a field that is not its item's, or its signature. */
export interface SigningProblem {
  readonly error: WireError;
  /** True when it is the signature that is wrong (it is not the item's): a bad signature, not a malformed field. */
  readonly signature: boolean;
}

/**
 * The bytes `envelope.signature` covers: the item's, for a kind `signing` declares (whose
 * signature the envelope must repeat), else the whole envelope's.
 */
export function signedPartOf(
  envelope: Envelope,
  signing?: Pick<ItemSigning<unknown>, 'signedItemOf'>,
): Either<SigningProblem, SignedPart> {
  const item = signing?.signedItemOf(envelope);
  if (item === undefined)
    return right({ bytes: envelopeSigningBytes(envelope), field: 'signature', byItem: false });
  if (item._tag === 'Left') return left({ error: item.left, signature: false });
  const { bytes, field, signature } = item.right;
  if (signature !== envelope.signature)
    return left({
      error: wireError('signature', `is not the signature of the item it carries (${field})`),
      signature: true,
    });
  return right({ bytes, field, byItem: true });
}

/**
 * Whether `envelope.signature` is `publicKey`'s signature over the envelope (over its item, for a
 * kind signed by its item). Never throws.
 */
export function verifyEnvelope(
  envelope: Envelope,
  publicKey: string,
  verifier: Verifier,
  signing?: Pick<ItemSigning<unknown>, 'signedItemOf'>,
): boolean {
  try {
    const signed = signedPartOf(envelope, signing);
    return signed._tag === 'Right' && verifier.verify(publicKey, signed.right.bytes, envelope.signature);
  } catch {
    return false;
  }
}
