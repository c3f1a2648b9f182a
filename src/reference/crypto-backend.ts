/**
 * The two primitives the reference protocol needs, Ed25519 and SHA-256, from whichever source the
 * runtime offers. On Node (20.16 and later) that is the built-in crypto, about ten times faster
 * than JavaScript, reached through `process.getBuiltinModule` so that no bundler sees a Node
 * import; everywhere else (browsers, workers, older Node) it is the audited pure-JavaScript
 * `@noble` implementation. Both produce the same bytes: Ed25519 signatures are deterministic.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import type * as NodeCrypto from 'node:crypto';

export interface CryptoBackend {
  readonly name: 'node' | 'noble';
  sha256(data: Uint8Array): Uint8Array;
  /** The signing function and the raw 32-byte public key of a 32-byte seed. */
  signerOf(seed: Uint8Array): { readonly publicKey: Uint8Array; sign(bytes: Uint8Array): Uint8Array };
  /** A verification function for one raw 32-byte public key; throws if the key cannot be parsed. */
  verifierOf(publicKey: Uint8Array): (bytes: Uint8Array, signature: Uint8Array) => boolean;
  randomBytes(length: number): Uint8Array;
}

export const nobleBackend: CryptoBackend = {
  name: 'noble',
  sha256: (data) => sha256(data),
  signerOf: (seed) => ({
    publicKey: ed25519.getPublicKey(seed),
    sign: (bytes) => ed25519.sign(bytes, seed),
  }),
  verifierOf: (publicKey) => {
    ed25519.Point.fromHex(publicKey); // throws now, as Node's parser does, if it is not a point
    // Strict RFC 8032 verification, the rule Node's OpenSSL applies: both backends agree.
    return (bytes, signature) => ed25519.verify(signature, bytes, publicKey, { zip215: false });
  },
  randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
};

// DER wrappers of a raw Ed25519 key, as Node's key parser expects them.
const PKCS8_PREFIX = hexBytes('302e020100300506032b657004220420');
const SPKI_PREFIX = hexBytes('302a300506032b6570032100');

export function nodeBackend(crypto: typeof NodeCrypto): CryptoBackend {
  return {
    name: 'node',
    sha256: (data) => crypto.createHash('sha256').update(data).digest(),
    signerOf: (seed) => {
      const privateKey = crypto.createPrivateKey({
        key: Buffer.from(concat(PKCS8_PREFIX, seed)),
        format: 'der',
        type: 'pkcs8',
      });
      const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
      return {
        publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)),
        sign: (bytes) => crypto.sign(null, bytes, privateKey),
      };
    },
    verifierOf: (publicKey) => {
      const key = crypto.createPublicKey({
        key: Buffer.from(concat(SPKI_PREFIX, publicKey)),
        format: 'der',
        type: 'spki',
      });
      return (bytes, signature) => crypto.verify(null, bytes, key, signature);
    },
    randomBytes: (length) => new Uint8Array(crypto.randomBytes(length)),
  };
}

type BuiltinLoader = { getBuiltinModule?: (id: string) => unknown };

function pickBackend(): CryptoBackend {
  const proc = (globalThis as { process?: BuiltinLoader }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  return crypto?.sign !== undefined ? nodeBackend(crypto) : nobleBackend;
}

/** The backend this runtime uses. */
export const cryptoBackend: CryptoBackend = pickBackend();

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
