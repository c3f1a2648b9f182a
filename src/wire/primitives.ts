/**
 * Small io-ts codecs for wire fields. Their names are what an error message says was expected,
 * e.g. `rank: expected non-negative integer, got string "x"`.
 */
import * as t from 'io-ts';

/** A round number: a non-negative safe integer. */
export const Rank: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  'non-negative integer',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  (n) => n,
);

/** A string of `min`..`max` UTF-16 code units matching `pattern` (when given). */
export function boundedString(
  name: string,
  min: number,
  max: number,
  pattern?: RegExp,
): t.Type<string, string, unknown> {
  const ok = (u: unknown): u is string =>
    typeof u === 'string' && u.length >= min && u.length <= max && (pattern === undefined || pattern.test(u));
  return new t.Type<string, string, unknown>(
    name,
    ok,
    (u, c) => (ok(u) ? t.success(u) : t.failure(u, c)),
    (s) => s,
  );
}

/** Lowercase hex of `min`..`max` characters, an even number of them. */
export const lowerHex = (name: string, min: number, max: number): t.Type<string, string, unknown> =>
  boundedString(name, min, max, /^(?:[0-9a-f]{2})*$/);

/** A peer's identity on the wire: 1 to 128 characters. */
export const SenderId = boundedString('sender id (1 to 128 characters)', 1, 128);
/** The chain an envelope was signed for ('' where a network has only one). */
export const ChainTag = boundedString(
  'chain (at most 128 letters, digits and . _ : -)',
  0,
  128,
  /^[A-Za-z0-9._:-]*$/,
);

/** A signature: lowercase hex, at most 1024 characters (512 bytes; Ed25519 uses 64). */
export const SignatureHex = lowerHex('signature (lowercase hex)', 2, 1024);

/** An array of at most `max` items, each decoded by `item` (a longer array fails before any item is read). */
export function boundedArray<A, O>(
  item: t.Type<A, O, unknown>,
  max: number,
  name: string,
): t.Type<readonly A[], readonly O[], unknown> {
  const inner = t.readonlyArray(item, name);
  return new t.Type<readonly A[], readonly O[], unknown>(
    `${name} (at most ${max})`,
    (u): u is readonly A[] => Array.isArray(u) && u.length <= max && inner.is(u),
    (u, c) => (Array.isArray(u) && u.length > max ? t.failure(u, c) : inner.validate(u, c)),
    (a) => inner.encode(a),
  );
}
