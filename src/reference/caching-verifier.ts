/**
 * A `Verifier` that remembers the signatures it has seen verify, so the ballots and frames a node
 * re-checks every time it counts votes are verified once. Only successes are kept: a forged
 * signature costs its sender a verification every time and costs this node no memory. Each entry
 * is a fixed-size digest of (public key, signature, signed bytes), never the bytes themselves, so
 * the cache holds at most `maxEntries` × a few hundred bytes whatever the messages' size. The
 * least recently used entry is forgotten first.
 */
import { encodeUtf8 } from '../wire/utf8';
import { cryptoBackend } from './crypto-backend';
import type { Verifier } from '../wire/signature';

export interface CachingVerifier extends Verifier {
  /** How many successes are remembered (at most the `maxEntries` it was built with). */
  size(): number;
}

export function cachingVerifier(inner: Verifier, maxEntries = 4096): CachingVerifier {
  const verified = new Set<string>();
  return {
    verify(publicKey, bytes, signature) {
      const key = digestOf(publicKey, bytes, signature);
      if (verified.delete(key)) {
        verified.add(key);
        return true;
      }
      if (!inner.verify(publicKey, bytes, signature)) return false;
      if (verified.size >= maxEntries) verified.delete(verified.values().next().value as string);
      verified.add(key);
      return true;
    },
    size: () => verified.size,
  };
}

/** SHA-256 over the three fields, each length-prefixed so no two triples share an encoding. */
function digestOf(publicKey: string, bytes: Uint8Array, signature: string): string {
  const key = encodeUtf8(publicKey);
  const sig = encodeUtf8(signature);
  const all = new Uint8Array(24 + key.length + sig.length + bytes.length);
  const view = new DataView(all.buffer);
  let at = 0;
  for (const part of [key, sig, bytes]) {
    view.setBigUint64(at, BigInt(part.length));
    all.set(part, at + 8);
    at += 8 + part.length;
  }
  return bytesToBase64(cryptoBackend.sha256(all));
}

/** 32 bytes as a short string key (latin-1 pairs are enough for a map key; no Buffer in browsers). */
function bytesToBase64(digest: Uint8Array): string {
  let text = '';
  for (const b of digest) text += String.fromCharCode(b);
  return text;
}
