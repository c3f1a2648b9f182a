/**
 * Ed25519 signing and verification behind the wire's `Signer` and `Verifier`, on Node's built-in
 * crypto where it exists and pure JavaScript elsewhere (`crypto-backend.ts`). Public keys are the
 * raw 32 bytes as hex, signatures the raw 64 bytes as hex.
 *
 * A signer is built from a 32-byte seed (the raw Ed25519 private key). `seededSigner(label)`
 * derives the seed from a label: reproducible keys for tests and simulations only, never for real
 * keys.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import type { Signer, Verifier } from '../wire/signature';
import { cryptoBackend } from './crypto-backend';
import { sha256Hex } from './hash';

const PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/;

export interface Ed25519Signer extends Signer {
  /** The 32-byte seed this signer signs with. Keep it secret. */
  readonly seed: Uint8Array;
}

export function ed25519SignerFromSeed(seed: Uint8Array): Ed25519Signer {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const own = Uint8Array.from(seed);
  const signer = cryptoBackend.signerOf(own);
  return {
    seed: own,
    publicKey: bytesToHex(signer.publicKey),
    sign: (bytes) => bytesToHex(signer.sign(bytes)),
  };
}

/** A signer with a fresh random key. */
export const generateEd25519Signer = (): Ed25519Signer =>
  ed25519SignerFromSeed(cryptoBackend.randomBytes(32));

/** A reproducible signer derived from `label`. For tests and simulations only. */
export const seededSigner = (label: string): Ed25519Signer =>
  ed25519SignerFromSeed(hexToBytes(sha256Hex(`rx-consensus/test-seed/v1\n${label}`)));

type Check = (bytes: Uint8Array, signature: Uint8Array) => boolean;

/** A verifier that keeps up to `cacheSize` parsed public keys. Never throws. */
export function createEd25519Verifier(cacheSize = 1024): Verifier {
  const keys = new Map<string, Check>();
  const keyOf = (publicKey: string): Check => {
    const cached = keys.get(publicKey);
    if (cached !== undefined) return cached;
    const check = cryptoBackend.verifierOf(hexToBytes(publicKey));
    if (keys.size >= cacheSize) keys.delete(keys.keys().next().value as string);
    keys.set(publicKey, check);
    return check;
  };
  return {
    verify(publicKey, bytes, signature) {
      if (typeof publicKey !== 'string' || typeof signature !== 'string') return false;
      if (!PUBLIC_KEY_HEX.test(publicKey) || !SIGNATURE_HEX.test(signature)) return false;
      try {
        return keyOf(publicKey)(bytes, hexToBytes(signature));
      } catch {
        return false;
      }
    },
  };
}

/** A shared verifier for the common case. */
export const ed25519Verifier: Verifier = createEd25519Verifier();
