/**
 * A `Verifier` that remembers the signatures it has seen verify, so the ballots and frames a node
 * re-checks every time it counts votes are verified once. Only successes are kept: a forged
 * signature costs its sender a verification every time and costs this node no memory. Each entry
 * is a fixed-size digest of (public key, signature, signed bytes), never the bytes themselves, so
 * the cache holds at most `maxEntries` × a few hundred bytes whatever the messages' size. The
 * least recently used entry is forgotten first.
 */
import { createHash } from 'node:crypto';
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
  const hash = createHash('sha256');
  for (const part of [publicKey, signature]) {
    const encoded = Buffer.from(part, 'utf8');
    hash.update(lengthOf(encoded.length)).update(encoded);
  }
  return hash.update(lengthOf(bytes.length)).update(bytes).digest('base64');
}

function lengthOf(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
