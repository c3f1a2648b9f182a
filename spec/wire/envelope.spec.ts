import {
  decodeEnvelope,
  encodeEnvelope,
  encodeEnvelopeText,
  envelopeSigningBytes,
  signEnvelope,
  signEnvelopeWithText,
  verifyEnvelope,
  type Envelope,
  type UnsignedEnvelope,
} from '../../src/wire';
import { ed25519Verifier, seededSigner } from '../../src/reference';

const alice = seededSigner('alice');
const bob = seededSigner('bob');
const envelope: Envelope = signEnvelope(
  { chain: '', kind: 'vote', sender: 'alice', rank: 3, body: { b: 1, a: 'x' } },
  alice,
);

const decodeError = (input: string) => {
  const r = decodeEnvelope(input);
  if (r._tag === 'Right') throw new Error('expected a Left');
  return r.left.message;
};

describe('envelopes', () => {
  it('round-trip through the canonical UTF-8 encoding', () => {
    expect(encodeEnvelopeText(envelope)).toBe(
      `{"body":{"a":"x","b":1},"chain":"","kind":"vote","rank":3,"sender":"alice","signature":"${envelope.signature}"}`,
    );
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual({ _tag: 'Right', right: envelope });
  });

  it('are sealed with their wire text made from the signed text, the same as encoding them', () => {
    const bodies: UnsignedEnvelope['body'][] = [
      {},
      { b: 1, a: 'x' },
      { z: [1, { y: null, x: 'é\u2028"\\' }], sig: 'signature' },
    ];
    for (const [i, body] of bodies.entries()) {
      const unsigned: UnsignedEnvelope = {
        chain: `c${i}\u00e9`,
        kind: 'proposal',
        sender: 'alice',
        rank: i,
        body,
      };
      const { envelope: sealed, text } = signEnvelopeWithText(unsigned, alice);
      expect(sealed).toEqual(signEnvelope(unsigned, alice));
      expect(text).toBe(encodeEnvelopeText(sealed));
    }
  });

  it('are signed by the sender over kind, sender, rank and body', () => {
    expect(verifyEnvelope(envelope, alice.publicKey, ed25519Verifier)).toBe(true);
    expect(verifyEnvelope(envelope, bob.publicKey, ed25519Verifier)).toBe(false);
    expect(verifyEnvelope({ ...envelope, rank: 4 }, alice.publicKey, ed25519Verifier)).toBe(false);
    expect(verifyEnvelope({ ...envelope, kind: 'proposal' }, alice.publicKey, ed25519Verifier)).toBe(false);
    expect(verifyEnvelope({ ...envelope, body: { a: 'x', b: 2 } }, alice.publicKey, ed25519Verifier)).toBe(
      false,
    );
  });

  it('sign bytes that start with a context string (no cross-protocol replay)', () => {
    const bytes = envelopeSigningBytes(envelope);
    expect(new TextDecoder().decode(bytes)).toMatch(/^rx-consensus\/envelope\/v2\n\{/);
  });

  it('decode errors name the field and the reason', () => {
    const text = (over: Record<string, unknown>) => JSON.stringify({ ...envelope, ...over });
    expect(decodeError(text({ kind: 'gossip' }))).toBe(
      'kind: expected "proposal" | "vote" | "liveness" | "confirmation" | "timeout" | "fetch" | "frames", got string "gossip"',
    );
    expect(decodeError(text({ rank: -1 }))).toBe('rank: expected non-negative integer, got number -1');
    expect(decodeError(text({ rank: 1.5 }))).toBe('rank: expected non-negative integer, got number 1.5');
    expect(decodeError(text({ sender: '' }))).toBe(
      'sender: expected sender id (1 to 128 characters), got string ""',
    );
    expect(decodeError(text({ body: [] }))).toBe('body: expected an object, got array of length 0');
    expect(decodeError(text({ signature: 'ABCD' }))).toBe(
      'signature: expected signature (lowercase hex), got string "ABCD"',
    );
    expect(decodeError(JSON.stringify({ chain: '', kind: 'vote' }))).toBe(
      'sender: expected sender id (1 to 128 characters), got nothing (missing)',
    );
    expect(decodeError('[]')).toBe('(root): expected Envelope, got array of length 0');
    expect(decodeError('{')).toMatch(/^\(root\): not JSON/);
  });

  it('drop unknown top-level fields (they are not signed)', () => {
    const decoded = decodeEnvelope(JSON.stringify({ ...envelope, extra: 1 }));
    expect(decoded).toEqual({ _tag: 'Right', right: envelope });
  });
});
