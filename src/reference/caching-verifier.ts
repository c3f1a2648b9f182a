/**
 * A `Verifier` that remembers the signatures it has seen verify, so the ballots and frames a node
 * re-checks every time it counts votes are verified once. Only successes are kept: a forged
 * signature costs its sender a verification every time and costs this node no memory. An entry
 * is found by (public key, signature) and holds the signed bytes when they are short (ballots,
 * timeouts and frame signatures, a few hundred bytes) or their SHA-256 when they are longer, so
 * the cache holds at most `maxEntries` × about a kilobyte whatever the messages' size, and a hit
 * on a short message costs a comparison instead of a hash. The least recently used entry is
 * forgotten first.
 */
import { cryptoBackend } from './crypto-backend';
import type { Signer, Verifier } from '../wire/signature';

export interface CachingVerifier extends Verifier {
  /** How many successes are remembered (at most the `maxEntries` it was built with). */
  size(): number;
  /**
   * Remember `signature` as `publicKey`'s over `bytes` without checking it: for signatures this
   * node has just made with that key (its own ballot, counted again in its own tally).
   */
  remember(publicKey: string, bytes: Uint8Array, signature: string): void;
}

/** Signed bytes up to this size are kept as they are; longer ones as their SHA-256. */
export const MAX_KEPT_BYTES = 512;

/** What one success remembers of the bytes it covered. */
interface Signed {
  readonly hashed: boolean;
  readonly bytes: Uint8Array;
}

/** Verifiers this module made: wrapping one of them again would only look every triple up twice. */
const caching = new WeakSet<CachingVerifier>();

/**
 * A cache of `inner`'s successes, at most `maxEntries` of them; `inner` itself when it is already
 * such a cache (a simulator shares one among its validators, and each validator asks for its own).
 */
export function cachingVerifier(inner: Verifier, maxEntries = 4096): CachingVerifier {
  if (caching.has(inner as CachingVerifier)) return inner as CachingVerifier;
  const verified = new Map<string, Signed>();
  const made: CachingVerifier = {
    verify(publicKey, bytes, signature) {
      const key = `${publicKey}\n${signature}`;
      const known = verified.get(key);
      if (known !== undefined && covers(known, bytes)) {
        verified.delete(key);
        verified.set(key, known);
        return true;
      }
      if (!inner.verify(publicKey, bytes, signature)) return false;
      keep(key, bytes);
      return true;
    },
    size: () => verified.size,
    remember: (publicKey, bytes, signature) => keep(`${publicKey}\n${signature}`, bytes),
  };
  function keep(key: string, bytes: Uint8Array): void {
    if (!verified.delete(key) && verified.size >= maxEntries)
      verified.delete(verified.keys().next().value as string);
    verified.set(key, keptOf(bytes));
  }
  caching.add(made);
  return made;
}

/** What to remember of `bytes`: a copy when short (the caller's array may change), else the digest. */
const keptOf = (bytes: Uint8Array): Signed =>
  bytes.length <= MAX_KEPT_BYTES
    ? { hashed: false, bytes: bytes.slice() }
    : { hashed: true, bytes: cryptoBackend.sha256(bytes) };

/** Whether `bytes` are the ones `known` was verified over. */
function covers(known: Signed, bytes: Uint8Array): boolean {
  const long = bytes.length > MAX_KEPT_BYTES;
  if (known.hashed !== long) return false;
  return sameBytes(known.bytes, long ? cryptoBackend.sha256(bytes) : bytes);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `signer`, with each short payload it signs (a ballot, a timeout vote, a frame's id: at most
 * `MAX_KEPT_BYTES`) remembered by `verifier` as verified, so this node does not check its own
 * signatures. Only for a signer whose key is the one the node is listed with.
 */
export function rememberingSigner(signer: Signer, verifier: CachingVerifier): Signer {
  return {
    publicKey: signer.publicKey,
    sign(bytes) {
      const signature = signer.sign(bytes);
      if (bytes.length <= MAX_KEPT_BYTES) verifier.remember(signer.publicKey, bytes, signature);
      return signature;
    },
  };
}
