/**
 * Ed25519 signing and verification on Node's built-in crypto, behind the wire's `Signer` and
 * `Verifier`. Public keys are the raw 32 bytes as hex, signatures the raw 64 bytes as hex.
 *
 * A signer is built from a 32-byte seed (the raw Ed25519 private key), wrapped into the PKCS#8
 * DER Node expects. `seededSigner(label)` derives the seed from a label: reproducible keys for
 * tests and simulations only, never for real keys.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import type { Signer, Verifier } from '../wire/signature';
import { sha256Hex } from './hash';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/;

export interface Ed25519Signer extends Signer {
  readonly privateKey: KeyObject;
}

export function ed25519SignerFromSeed(seed: Uint8Array): Ed25519Signer {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = spki.subarray(SPKI_PREFIX.length).toString('hex');
  return {
    privateKey,
    publicKey,
    sign: (bytes) => sign(null, bytes, privateKey).toString('hex'),
  };
}

/** A signer with a fresh random key. */
export const generateEd25519Signer = (): Ed25519Signer => ed25519SignerFromSeed(randomBytes(32));

/** A reproducible signer derived from `label`. For tests and simulations only. */
export const seededSigner = (label: string): Ed25519Signer =>
  ed25519SignerFromSeed(Buffer.from(sha256Hex(`rx-consensus/test-seed/v1\n${label}`), 'hex'));

/** A verifier that keeps up to `cacheSize` parsed public keys. Never throws. */
export function createEd25519Verifier(cacheSize = 1024): Verifier {
  const keys = new Map<string, KeyObject>();
  const keyOf = (publicKey: string): KeyObject => {
    const cached = keys.get(publicKey);
    if (cached !== undefined) return cached;
    const key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, Buffer.from(publicKey, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    if (keys.size >= cacheSize) keys.delete(keys.keys().next().value as string);
    keys.set(publicKey, key);
    return key;
  };
  return {
    verify(publicKey, bytes, signature) {
      if (typeof publicKey !== 'string' || typeof signature !== 'string') return false;
      if (!PUBLIC_KEY_HEX.test(publicKey) || !SIGNATURE_HEX.test(signature)) return false;
      try {
        return verify(null, bytes, keyOf(publicKey), Buffer.from(signature, 'hex'));
      } catch {
        return false;
      }
    },
  };
}

/** A shared verifier for the common case. */
export const ed25519Verifier: Verifier = createEd25519Verifier();
