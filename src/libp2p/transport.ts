/**
 * A `ValidatorTransport` over libp2p: TCP, Noise, Yamux; gossipsub on one topic per network for
 * broadcasts, and a direct stream protocol for `send(to, …)`.
 *
 * A gossip message's id is the SHA-256 of its bytes, remembered for `duplicateWindow`: a message
 * that reaches a node by several paths (or again through gossip's IHAVE/IWANT) is delivered once.
 * The window must outlast gossip's own history (a few heartbeats): with a short one, copies come
 * back and are forwarded again, a storm (measured: 4× the expected deliveries at 100 ms). A
 * validator's re-send is the same bytes, which gossip would drop as a duplicate, so a broadcast
 * of bytes already published within the window goes straight to every connected validator over
 * the direct protocol instead: a peer that missed the first copy (not yet subscribed,
 * restarting) still gets one.
 *
 * Only validators talk: a connection from a peer id outside the validator set is refused at the
 * gate, a gossip message whose signed origin is not a validator is dropped, each counted by
 * reason. Bytes are passed on as they came (`from` is the authenticated validator id); reading
 * them is the validator's job, so nothing a peer sends can throw here.
 */
import { createHash } from 'node:crypto';
import { Subject, type Observable } from 'rxjs';
import type { Libp2p, Stream, Connection } from '@libp2p/interface';
import type { PeerId } from '../reference/types';
import type { InboundBytes, ValidatorTransport } from '../reference/validator/transport';
import { directProtocol, readMessage, writeMessage } from './direct';
import { loadLibp2p } from './modules';
import { libp2pKeyFromSeed, peerBook, type ValidatorKeyInput } from './peers';

export type RefusalReason =
  'unknown-peer' | 'unknown-origin' | 'too-large' | 'not-a-validator-target' | 'send-failed';

export interface TransportCounters {
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly refused: Readonly<Partial<Record<RefusalReason, number>>>;
}

export interface Libp2pTransportOptions {
  /** This validator's id in the set. */
  readonly self: PeerId;
  /** This validator's 32-byte Ed25519 seed: its libp2p key too. */
  readonly seed: Uint8Array;
  /** Every validator of the set (id and public key): only their peer ids may connect. */
  readonly validators: readonly ValidatorKeyInput[];
  /** Names the gossip topic and the direct protocol: validators of one network share it. */
  readonly network: string;
  /** Multiaddrs to listen on; default `/ip4/127.0.0.1/tcp/0`. */
  readonly listen?: readonly string[];
  /** Multiaddrs of other validators (with `/p2p/<peer id>`), dialled until connected. */
  readonly peers?: readonly string[];
  /** Largest message in or out, bytes; default 1 MiB. */
  readonly maxMessageBytes?: number;
  /** How often unconnected peers are dialled again, ms; default 1000. */
  readonly redialEvery?: number;
  /** How long gossip remembers a message id (bytes seen again are dropped), ms; default 30000. */
  readonly duplicateWindow?: number;
  /** Called for each refusal (metrics, logs). */
  readonly onRefused?: (reason: RefusalReason, peer: string) => void;
}

export interface Libp2pTransport extends ValidatorTransport {
  /** This node's libp2p peer id (derived from the validator key). */
  readonly peerId: string;
  /** The multiaddrs it listens on, with `/p2p/<peer id>`. */
  addresses(): string[];
  /** Validators it has a connection to. */
  connectedValidators(): PeerId[];
  counters(): TransportCounters;
  stop(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;

export async function createLibp2pTransport(options: Libp2pTransportOptions): Promise<Libp2pTransport> {
  const modules = await loadLibp2p();
  const { gossipsub } = modules.gossipsub;
  const book = peerBook(modules, options.validators);
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_BYTES;
  const topic = `/rx-consensus/${options.network}/gossip/1`;
  const protocol = directProtocol(options.network);
  const duplicateWindow = options.duplicateWindow ?? 30_000;
  const published = new Map<string, number>();
  /** True when these bytes went out through gossip within the window (they are remembered now). */
  const publishedBefore = (bytes: Uint8Array): boolean => {
    const id = createHash('sha256').update(bytes).digest('base64');
    const now = Date.now();
    for (const [old, at] of published) {
      if (now - at < duplicateWindow) break;
      published.delete(old);
    }
    if (published.has(id)) return true;
    published.set(id, now);
    return false;
  };
  const inbound = new Subject<InboundBytes>();
  const refused: Partial<Record<RefusalReason, number>> = {};
  let messagesIn = 0;
  let messagesOut = 0;
  const refuse = (reason: RefusalReason, peer: string): void => {
    refused[reason] = (refused[reason] ?? 0) + 1;
    options.onRefused?.(reason, peer);
  };
  const deliver = (from: PeerId, bytes: Uint8Array): void => {
    messagesIn += 1;
    inbound.next({ from, bytes });
  };
  const outsider = (peer: { toString(): string }): boolean => {
    if (book.validatorOf(peer.toString()) !== undefined) return false;
    refuse('unknown-peer', peer.toString());
    return true;
  };

  const node = (await modules.libp2p.createLibp2p({
    privateKey: await libp2pKeyFromSeed(modules, options.seed),
    addresses: { listen: [...(options.listen ?? ['/ip4/127.0.0.1/tcp/0'])] },
    transports: [modules.tcp.tcp()],
    connectionEncrypters: [modules.noise.noise()],
    streamMuxers: [modules.yamux.yamux()],
    connectionGater: {
      denyInboundEncryptedConnection: (peer) => outsider(peer),
      denyOutboundEncryptedConnection: (peer) => outsider(peer),
    },
    services: {
      identify: modules.identify.identify(),
      pubsub: gossipsub({
        emitSelf: false,
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        fallbackToFloodsub: false,
        floodPublish: true,
        maxInboundDataLength: maxBytes,
        seenTTL: duplicateWindow,
        msgIdFn: (message) => createHash('sha256').update(message.data).digest(),
      }),
    },
  })) as unknown as Libp2p<{ pubsub: ReturnType<ReturnType<typeof gossipsub>> }>;

  const pubsub = node.services.pubsub;
  pubsub.subscribe(topic);
  pubsub.addEventListener('message', (event) => {
    const message = event.detail;
    if (message.topic !== topic) return;
    if (message.type !== 'signed') return refuse('unknown-origin', 'unsigned');
    const from = book.validatorOf(message.from.toString());
    if (from === undefined) return refuse('unknown-origin', message.from.toString());
    if (from === options.self) return;
    if (message.data.byteLength > maxBytes) return refuse('too-large', message.from.toString());
    deliver(from, message.data);
  });

  await node.handle(
    protocol,
    ({ stream, connection }: { stream: Stream; connection: Connection }) => {
      const peer = connection.remotePeer.toString();
      const from = book.validatorOf(peer);
      if (from === undefined) {
        refuse('unknown-peer', peer);
        stream.abort(new Error('not a validator'));
        return;
      }
      readMessage(stream, maxBytes).then(
        (bytes) => (bytes === undefined ? refuse('too-large', peer) : deliver(from, bytes)),
        () => refuse('send-failed', peer),
      );
    },
    { maxInboundStreams: 256 },
  );

  const targets = (options.peers ?? []).map((address) => modules.multiaddr.multiaddr(address));
  const dialling = new Set<string>();
  const redial = (): void => {
    for (const target of targets) {
      const peer = target.getPeerId();
      if (peer === null || dialling.has(peer)) continue;
      if (node.getConnections().some((c) => c.remotePeer.toString() === peer)) continue;
      dialling.add(peer);
      node
        .dial(target)
        .catch(() => undefined)
        .finally(() => dialling.delete(peer));
    }
  };
  redial();
  const redialTimer = setInterval(redial, options.redialEvery ?? 1000);
  redialTimer.unref();

  let stopped = false;
  const sendDirect = (to: PeerId, bytes: Uint8Array): void => {
    const peer = book.peerOf(to);
    if (peer === undefined) return refuse('not-a-validator-target', to);
    messagesOut += 1;
    node
      .dialProtocol(peer, protocol)
      .then((stream) => writeMessage(stream, bytes))
      .catch(() => refuse('send-failed', peer.toString()));
  };
  const transport: Libp2pTransport = {
    peerId: node.peerId.toString(),
    inbound$: inbound.asObservable() as Observable<InboundBytes>,
    broadcast(bytes) {
      if (stopped) return;
      if (bytes.byteLength > maxBytes) return refuse('too-large', 'self');
      if (publishedBefore(bytes)) {
        for (const to of transport.connectedValidators()) if (to !== options.self) sendDirect(to, bytes);
        return;
      }
      messagesOut += 1;
      pubsub.publish(topic, bytes).catch(() => refuse('send-failed', 'gossip'));
    },
    send(to, bytes) {
      if (stopped) return;
      if (bytes.byteLength > maxBytes) return refuse('too-large', 'self');
      sendDirect(to, bytes);
    },
    addresses: () => node.getMultiaddrs().map(String),
    connectedValidators: () =>
      [...new Set(node.getConnections().map((c) => book.validatorOf(c.remotePeer.toString())))].filter(
        (v): v is PeerId => v !== undefined,
      ),
    counters: () => ({ messagesIn, messagesOut, refused: { ...refused } }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(redialTimer);
      inbound.complete();
      await node.stop();
    },
  };
  return transport;
}
