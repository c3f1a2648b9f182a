/**
 * Real libp2p nodes on loopback for the transport specs: validator keys from labels, a wait on a
 * condition with a generous deadline (real sockets, so real time; never a fixed sleep), and a raw
 * peer that speaks the link protocol byte by byte, as a hostile validator would.
 */
import { createHash } from 'node:crypto';
import type { Libp2p, Stream } from '@libp2p/interface';
import { ed25519SignerFromSeed } from '../../src/reference/ed25519';
import { linkProtocol, loadLibp2p } from '../../src/libp2p';
import { libp2pKeyFromSeed } from '../../src/libp2p/peers';

export const seedOf = (label: string): Buffer => createHash('sha256').update(`libp2p-spec/${label}`).digest();
export const keyOf = (id: string) => ({ id, publicKey: ed25519SignerFromSeed(seedOf(id)).publicKey });

/** Resolves once `condition()` holds; fails after `deadline` ms naming what it waited for. */
export async function waitFor(what: string, condition: () => boolean, deadline = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > deadline) throw new Error(`gave up waiting for ${what} after ${deadline} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface RawPeer {
  readonly node: Libp2p;
  /** Open a link stream to `address` (a multiaddr with `/p2p/…`). */
  open(address: string): Promise<Stream>;
  stop(): Promise<void>;
}

/** A bare libp2p node with `label`'s key: TCP, Noise, Yamux and nothing else. */
export async function rawPeer(label: string, network = 'spec'): Promise<RawPeer> {
  const m = await loadLibp2p();
  const node = (await m.libp2p.createLibp2p({
    privateKey: await libp2pKeyFromSeed(m, seedOf(label)),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [m.tcp.tcp()],
    connectionEncrypters: [m.noise.noise()],
    streamMuxers: [m.yamux.yamux()],
  })) as unknown as Libp2p;
  return {
    node,
    open: (address) => node.dialProtocol(m.multiaddr.multiaddr(address), linkProtocol(network)),
    stop: async () => {
      await node.stop();
    },
  };
}

/** `bytes` as one length-prefixed frame (a varint length, then the bytes). */
export async function frame(bytes: Uint8Array): Promise<Uint8Array> {
  return (await loadLibp2p()).lp.encode.single(bytes).subarray();
}
