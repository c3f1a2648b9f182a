/**
 * The wire encoding of an envelope: UTF-8 canonical JSON. `decodeEnvelope` takes bytes or text
 * and returns `Either<WireError, Envelope>`; the error names the field and the reason.
 */
import { left, mapLeft, type Either } from 'fp-ts/Either';
import { canonicalJsonOf } from './canonical';
import { EnvelopeCodec, type Envelope } from './envelope';
import { readJson, type ReadLimits } from './read-json';
import { reportErrors } from './reporter';
import { encodeUtf8 } from './utf8';
import { ROOT_FIELD, wireError, type WireError } from './wire-error';

/** Default largest envelope accepted: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1 << 20;

export const encodeEnvelopeText = (envelope: Envelope): string => canonicalJsonOf(envelope);

export const encodeEnvelope = (envelope: Envelope): Uint8Array => encodeUtf8(encodeEnvelopeText(envelope));

/** Check an already-parsed JSON value against the envelope codec. */
export const decodeEnvelopeValue = (value: unknown): Either<WireError, Envelope> =>
  mapLeft(reportErrors)(EnvelopeCodec.decode(value));

export function decodeEnvelope(
  input: Uint8Array | string,
  limits: ReadLimits = { maxBytes: DEFAULT_MAX_BYTES },
): Either<WireError, Envelope> {
  const json = readJson(input, limits);
  if (json._tag === 'Left') {
    const p = json.left;
    return left(p.type === 'malformed' ? p.error : wireError(ROOT_FIELD, `larger than ${p.limit} bytes`));
  }
  return decodeEnvelopeValue(json.right);
}
