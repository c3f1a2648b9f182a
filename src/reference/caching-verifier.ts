/**
 * A `Verifier` that remembers its last answers, so the ballots and frames a node re-checks every
 * time it counts votes are verified once. Bounded: the oldest answers are forgotten first.
 */
import { bytesToHex } from '@noble/hashes/utils';
import type { Verifier } from '../wire/signature';

export function cachingVerifier(inner: Verifier, maxEntries = 4096): Verifier {
  const answers = new Map<string, boolean>();
  return {
    verify(publicKey, bytes, signature) {
      const key = `${publicKey}\u0000${signature}\u0000${bytesToHex(bytes)}`;
      const known = answers.get(key);
      if (known !== undefined) return known;
      const answer = inner.verify(publicKey, bytes, signature);
      if (answers.size >= maxEntries) answers.delete(answers.keys().next().value as string);
      answers.set(key, answer);
      return answer;
    },
  };
}
