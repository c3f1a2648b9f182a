/**
 * A `ValidatorTransport` over libp2p, node included: TCP, Noise, Yamux and the validator links of
 * `links.ts`, nothing else (no gossip, no identify: every stream is a link). The node is bounded
 * for a known validator set:
 *
 * - a connection from a peer id outside the set, or from a peer shut out for its refusals, is
 *   refused by the gate right after the Noise handshake (the first point its peer id is known);
 * - one connection per validator identity: a second connection from a peer id that has a link up
 *   is refused the same way (a second process with a validator's key gets nothing);
 * - handshakes and stream negotiations time out in 5 s; the muxer accepts a few streams per
 *   connection (the link, its replacement, and one being refused) with its smallest window.
 *
 * Input buffered per validator peer is thereby bounded: the muxer windows of its streams plus at
 * most one frame of the message size limit per link (SECURITY.md has the figures).
 */
import type { Libp2p } from '@libp2p/interface';
import { attachValidatorLinks, type ValidatorLinks, type ValidatorLinksOptions } from './links';
import { loadLibp2p } from './modules';
import { libp2pKeyFromSeed } from './peers';

export interface Libp2pTransportOptions extends ValidatorLinksOptions {
  /** This validator's 32-byte Ed25519 seed: its libp2p key too. */
  readonly seed: Uint8Array;
  /** Multiaddrs to listen on; default `/ip4/127.0.0.1/tcp/0`. */
  readonly listen?: readonly string[];
}

export interface Libp2pTransport extends ValidatorLinks {
  /** This node's libp2p peer id (derived from the validator key). */
  readonly peerId: string;
  /** The multiaddrs it listens on, with `/p2p/<peer id>`. */
  addresses(): string[];
  stop(): Promise<void>;
}

/** Most streams the muxer lets a peer hold open on one connection. */
const STREAMS_PER_CONNECTION = 3;

export async function createLibp2pTransport(options: Libp2pTransportOptions): Promise<Libp2pTransport> {
  const modules = await loadLibp2p();
  const attachedLinks: { links?: ValidatorLinks } = {};
  // Until the links are attached (the node is not started before), nobody gets in.
  const refusedAtGate = (peer: { toString(): string }, outbound: boolean): boolean => {
    const { links } = attachedLinks;
    return links === undefined || links.gate(peer.toString(), outbound) !== undefined;
  };

  const node = (await modules.libp2p.createLibp2p({
    start: false,
    privateKey: await libp2pKeyFromSeed(modules, options.seed),
    addresses: { listen: [...(options.listen ?? ['/ip4/127.0.0.1/tcp/0'])] },
    transports: [modules.tcp.tcp()],
    connectionEncrypters: [modules.noise.noise()],
    streamMuxers: [
      modules.yamux.yamux({
        maxInboundStreams: STREAMS_PER_CONNECTION,
        maxOutboundStreams: STREAMS_PER_CONNECTION,
        enableKeepAlive: false,
      }),
    ],
    connectionGater: {
      denyInboundEncryptedConnection: (peer) => refusedAtGate(peer, false),
      denyOutboundEncryptedConnection: (peer) => refusedAtGate(peer, true),
    },
    connectionManager: {
      maxConnections: options.validators.length * 2 + 4,
      maxIncomingPendingConnections: options.validators.length + 4,
      inboundUpgradeTimeout: 5000,
      protocolNegotiationTimeout: 5000,
    },
  })) as unknown as Libp2p;

  const attached = await attachValidatorLinks(node, options);
  attachedLinks.links = attached;
  await node.start();
  return {
    ...attached,
    peerId: node.peerId.toString(),
    addresses: () => node.getMultiaddrs().map(String),
    async stop() {
      await attached.close();
      await node.stop();
    },
  };
}
