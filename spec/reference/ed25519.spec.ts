import * as nodeCrypto from 'node:crypto';
import {
  cachingVerifier,
  ed25519SignerFromSeed,
  ed25519Verifier,
  generateEd25519Signer,
  seededSigner,
} from '../../src/reference';
import { MAX_KEPT_BYTES, rememberingSigner } from '../../src/reference/caching-verifier';
import { cryptoBackend, nobleBackend, nodeBackend } from '../../src/reference/crypto-backend';
import { countingVerifier } from './support';

const message = new TextEncoder().encode('hello');

describe('Ed25519 signer and verifier', () => {
  it('signs and verifies; keys and signatures are lowercase hex', () => {
    const signer = generateEd25519Signer();
    const signature = signer.sign(message);
    expect(signer.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(ed25519Verifier.verify(signer.publicKey, message, signature)).toBe(true);
    expect(ed25519Verifier.verify(signer.publicKey, new TextEncoder().encode('hellp'), signature)).toBe(
      false,
    );
  });

  it('derives the same key from the same seed (RFC 8032 test vector 1)', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const signer = ed25519SignerFromSeed(seed);
    expect(signer.publicKey).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(signer.sign(new Uint8Array())).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(seededSigner('a').publicKey).toBe(seededSigner('a').publicKey);
    expect(seededSigner('a').publicKey).not.toBe(seededSigner('b').publicKey);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => ed25519SignerFromSeed(new Uint8Array(31))).toThrow('an Ed25519 seed is 32 bytes, got 31');
  });

  it('answers false, never throws, for malformed keys and signatures', () => {
    const signer = seededSigner('x');
    const signature = signer.sign(message);
    const bad: [unknown, unknown][] = [
      ['zz'.repeat(32), signature],
      [signer.publicKey.toUpperCase(), signature],
      [signer.publicKey, signature.slice(2)],
      [signer.publicKey, signature.toUpperCase()],
      ['00'.repeat(32), signature],
      [undefined, signature],
      [signer.publicKey, 42],
    ];
    for (const [key, sig] of bad) {
      expect(ed25519Verifier.verify(key as string, message, sig as string)).toBe(false);
    }
  });

  it('a caching verifier asks the inner verifier once per (key, bytes, signature)', () => {
    const { verifier: inner, calls: counted } = countingVerifier();
    const verifier = cachingVerifier(inner, 2);
    const signer = seededSigner('c');
    const signature = signer.sign(message);
    expect(verifier.verify(signer.publicKey, message, signature)).toBe(true);
    expect(verifier.verify(signer.publicKey, message, signature)).toBe(true);
    expect(counted.verify).toBe(1);
    // Failures are not remembered: each one is asked again.
    expect(verifier.verify(signer.publicKey, new Uint8Array([1]), signature)).toBe(false);
    expect(verifier.verify(signer.publicKey, new Uint8Array([1]), signature)).toBe(false);
    expect(counted.verify).toBe(3);
    expect(verifier.size()).toBe(1);
    // Two other successes push the first one out (at most 2 are kept).
    for (const b of [new Uint8Array([1]), new Uint8Array([2])])
      verifier.verify(signer.publicKey, b, signer.sign(b));
    expect(verifier.size()).toBe(2);
    verifier.verify(signer.publicKey, message, signature);
    expect(counted.verify).toBe(6);
  });

  it('a cached signature does not vouch for other bytes, short or long', () => {
    const { verifier: inner, calls: counted } = countingVerifier();
    const verifier = cachingVerifier(inner, 8);
    const signer = seededSigner('c');
    for (const size of [MAX_KEPT_BYTES, MAX_KEPT_BYTES + 1, 1 << 20]) {
      const bytes = new Uint8Array(size).fill(7);
      const signature = signer.sign(bytes);
      counted.verify = 0;
      expect(verifier.verify(signer.publicKey, bytes, signature)).toBe(true);
      expect(verifier.verify(signer.publicKey, bytes.slice(), signature)).toBe(true);
      expect(counted.verify).toBe(1);
      // The same key and signature over one changed byte, or one byte fewer: asked, and refused.
      const changed = bytes.slice();
      changed[size - 1] = 8;
      expect(verifier.verify(signer.publicKey, changed, signature)).toBe(false);
      expect(verifier.verify(signer.publicKey, bytes.subarray(1), signature)).toBe(false);
      expect(counted.verify).toBe(3);
      // The caller's array changing after the check does not change what was remembered.
      bytes[0] = 9;
      expect(verifier.verify(signer.publicKey, bytes, signature)).toBe(false);
    }
  });

  it('a remembering signer spares its node checking the short payloads it signed itself', () => {
    const { verifier: inner, calls: counted } = countingVerifier();
    const verifier = cachingVerifier(inner, 8);
    const own = seededSigner('c');
    const signer = rememberingSigner(own, verifier);
    expect(signer.publicKey).toBe(own.publicKey);
    const short = new Uint8Array(MAX_KEPT_BYTES).fill(1);
    const long = new Uint8Array(MAX_KEPT_BYTES + 1).fill(1);
    const shortSignature = signer.sign(short);
    const longSignature = signer.sign(long);
    expect(shortSignature).toBe(own.sign(short));
    expect(verifier.verify(own.publicKey, short, shortSignature)).toBe(true);
    expect(counted.verify).toBe(0);
    // Long payloads (envelopes) are not kept: this node never receives its own.
    expect(verifier.verify(own.publicKey, long, longSignature)).toBe(true);
    expect(counted.verify).toBe(1);
    // What it remembers is the signature over those bytes, under its key, and nothing else.
    expect(verifier.verify(seededSigner('d').publicKey, short, shortSignature)).toBe(false);
    expect(verifier.verify(own.publicKey, short.subarray(1), shortSignature)).toBe(false);
    expect(counted.verify).toBe(3);
  });

  it('wrapping a caching verifier again gives the same one', () => {
    const verifier = cachingVerifier(ed25519Verifier, 8);
    expect(cachingVerifier(verifier, 16)).toBe(verifier);
  });
});

describe('the two Ed25519 backends', () => {
  // Node's built-in crypto where the runtime has it, pure JavaScript elsewhere (browsers): a key,
  // a signature and a verdict must be the same whichever produced them.
  const node = nodeBackend(nodeCrypto);
  const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');

  it('derive the same public key and signature from a seed', () => {
    const a = node.signerOf(seed);
    const b = nobleBackend.signerOf(seed);
    expect(Buffer.from(b.publicKey).toString('hex')).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    expect(b.publicKey).toEqual(a.publicKey);
    expect(b.sign(message)).toEqual(a.sign(message));
  });

  it('verify each other and refuse the same tampering', () => {
    for (const [signWith, verifyWith] of [
      [node, nobleBackend],
      [nobleBackend, node],
    ] as const) {
      const signer = signWith.signerOf(seed);
      const signature = signer.sign(message);
      const check = verifyWith.verifierOf(signer.publicKey);
      expect(check(message, signature)).toBe(true);
      expect(check(new TextEncoder().encode('hellp'), signature)).toBe(false);
      const flipped = Uint8Array.from(signature);
      flipped[63] = flipped[63]! ^ 0x10;
      expect(check(message, flipped)).toBe(false);
    }
  });

  it('hash the same', () => {
    expect(nobleBackend.sha256(message)).toEqual(node.sha256(message));
  });

  it('this runtime uses the built-in one', () => {
    expect(cryptoBackend.name).toBe('node');
  });
});
