/**
 * Memory under a flood of forged envelopes: megabyte messages that claim a validator as sender,
 * with random signatures (no key needed to send them). They are refused as bad signatures and
 * leave nothing behind: the verification cache keeps successes only, a long message as its digest.
 * `npm test` sends 60 of them; `npm run fuzz` sends 2,000.
 */
import { cachingVerifier, ed25519Verifier } from '../../src/reference';
import { createGuardedInbound } from '../../src/inbound';
import { DEFAULT_MAX_BYTES } from '../../src/wire';
import { referenceDomain } from '../../src/reference/domain';
import { chainOf, keyring, receiver } from '../reference/support';
import { forgedEnvelopeText, MB, retainedHeap, runs } from './support';

const ring = keyring(4);
/** The documented bound (SECURITY.md): what a node may retain after any number of forged envelopes. */
const HEAP_BOUND = 32 * MB;

it('forged megabyte envelopes leave the heap and the verification cache where they were', () => {
  const { machine } = receiver(ring);
  const verifier = cachingVerifier(ed25519Verifier, 1088);
  const inbound = createGuardedInbound({
    machine,
    domain: referenceDomain,
    chain: chainOf(ring),
    validators: ring.validators,
    verifier,
  });
  const padding = 'x'.repeat(DEFAULT_MAX_BYTES);
  const count = runs(60, 2000);
  const before = retainedHeap();
  for (let i = 0; i < count; i++) {
    const forged = forgedEnvelopeText(
      ring.ids[1 + (i % 3)]!,
      1 + (i % 16),
      DEFAULT_MAX_BYTES,
      padding,
      chainOf(ring),
    );
    const result = inbound.accept(forged);
    if (result._tag !== 'Left' || result.left.reason !== 'bad_signature')
      throw new Error(`forged envelope ${i} was not refused as a bad signature`);
  }
  const grown = retainedHeap() - before;
  expect(verifier.size()).toBe(0);
  expect(inbound.counts()).toMatchObject({
    accepted: 0,
    rejected: count,
    byReason: { bad_signature: count },
  });
  expect(grown).toBeLessThan(HEAP_BOUND);
});

it('the cache of successes is bounded by entries of a fixed size, whatever the message size', () => {
  const verifier = cachingVerifier(ed25519Verifier, 64);
  const signer = ring.signer('v1');
  const big = new Uint8Array(MB);
  const before = retainedHeap();
  for (let i = 0; i < 100; i++) {
    big[0] = i;
    expect(verifier.verify(signer.publicKey, big, signer.sign(big))).toBe(true);
  }
  expect(verifier.size()).toBe(64);
  // 64 digests of megabyte messages; the first cache kept each message as its key (64 × 1.4 MB).
  expect(retainedHeap() - before).toBeLessThan(4 * MB);
});
