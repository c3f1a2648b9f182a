/**
 * Who may talk to a validator over libp2p. A validator's libp2p key is its Ed25519 validator key
 * (the same 32-byte seed), so its libp2p peer id is a function of the public key already in the
 * validator set: nothing more to list, nothing to keep in step. Noise authenticates the peer id
 * of every connection, so a link's peer id is the validator it speaks for.
 */
import type { PeerId as Libp2pPeerId, PrivateKey } from '@libp2p/interface';
import { cryptoBackend } from '../reference/crypto-backend';
import type { PeerId } from '../reference/types';
import { loadLibp2p, type Libp2pModules } from './modules';

export interface ValidatorKeyInput {
  readonly id: PeerId;
  /** Ed25519 public key, 64 lowercase hex characters (as in the validator set). */
  readonly publicKey: string;
}

/** Validator id ↔ libp2p peer id for one validator set. */
export interface PeerBook {
  validatorOf(peer: string): PeerId | undefined;
  peerOf(validator: PeerId): Libp2pPeerId | undefined;
}

export function peerBook(modules: Libp2pModules, validators: readonly ValidatorKeyInput[]): PeerBook {
  const byPeer = new Map<string, PeerId>();
  const byValidator = new Map<PeerId, Libp2pPeerId>();
  for (const v of validators) {
    const peer = libp2pPeerIdOf(modules, v.publicKey);
    byPeer.set(peer.toString(), v.id);
    byValidator.set(v.id, peer);
  }
  return { validatorOf: (peer) => byPeer.get(peer), peerOf: (validator) => byValidator.get(validator) };
}

/** The libp2p peer id (`12D3Koo…`) of the validator with this Ed25519 public key (64 hex characters). */
export async function libp2pPeerIdFor(publicKeyHex: string): Promise<string> {
  return libp2pPeerIdOf(await loadLibp2p(), publicKeyHex).toString();
}

export function libp2pPeerIdOf(modules: Libp2pModules, publicKeyHex: string): Libp2pPeerId {
  const raw = Buffer.from(publicKeyHex, 'hex');
  if (raw.length !== 32) throw new RangeError(`an Ed25519 public key is 32 bytes, got ${publicKeyHex}`);
  // Two copies of @libp2p/interface's key types may be installed; the objects are the same.
  return modules.peerId.peerIdFromPublicKey(modules.keys.publicKeyFromRaw(raw) as never);
}

/**
 * The libp2p private key of the validator with this 32-byte seed: libp2p's raw form (the seed and
 * then the public key). The public key is derived with the runtime's own Ed25519 (Node's built-in
 * crypto); libp2p's `generateKeyPairFromSeed` derives it in JavaScript, whose first use builds
 * tables for about 30 ms of every validator's start-up.
 */
export function libp2pKeyFromSeed(modules: Libp2pModules, seed: Uint8Array): Promise<PrivateKey> {
  if (seed.length !== 32)
    return Promise.reject(new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`));
  const raw = new Uint8Array(64);
  raw.set(seed);
  raw.set(cryptoBackend.signerOf(seed).publicKey, 32);
  return Promise.resolve(modules.keys.privateKeyFromRaw(raw) as never);
}
