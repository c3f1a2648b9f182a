/**
 * Validator links on a libp2p node: one long-lived stream per validator pair, all-to-all, each
 * message sent once, straight to the validators it is for (the envelope already carries its
 * sender's signature, so nothing is signed twice and nothing is relayed). Works on any libp2p node
 * with a stream muxer, the one `createLibp2pTransport` builds or one the user built.
 *
 * - Links: a validator dials the peers it has addresses for and keeps one stream to each, again
 *   after a drop with a back-off that grows while the peer stays away; a peer without an address
 *   dials in. When both dial at once, both keep the stream opened by the smaller peer id.
 * - Outboxes: per peer, bounded in messages and bytes, oldest dropped first (counted), drained by
 *   whichever link to the peer is up.
 * - Bounds: a stream from a peer outside the validator set is reset before a byte of it is read;
 *   a frame longer than the message size limit ends the link before its bytes are buffered; a link
 *   that hears nothing (not even a keep-alive) for the read timeout is ended; a peer whose messages
 *   keep being refused (the validator reports them through `refused`) is disconnected and shut
 *   out for a back-off that doubles each time, reported through `onRefused` as `over-budget`.
 * - Flow control: on a Yamux stream, receive credit goes back once half the window is used (as
 *   go-yamux does), not after every frame read as js-libp2p's Yamux does by default.
 */
import { Subject } from 'rxjs';
import type { Connection, Libp2p, Stream } from '@libp2p/interface';
import type { PeerId } from '../reference/types';
import type { InboundBytes, ValidatorTransport } from '../reference/validator/transport';
import { DEFAULT_MAX_BYTES } from '../wire/encoding';
import { Backoff, type BackoffOptions } from './backoff';
import { Link, type LinkEnd } from './link';
import { loadLibp2p, type Libp2pModules } from './modules';
import { Outbox, type OutboxLimits } from './outbox';
import { PeerBudget, type PeerBudgetOptions } from './peer-budget';
import { peerBook, type ValidatorKeyInput } from './peers';

export type RefusalReason =
  | 'unknown-peer'
  | 'duplicate-connection'
  | 'too-large'
  | 'bad-frame'
  | 'read-timeout'
  | 'queue-full'
  | 'not-a-validator-target'
  | 'send-failed'
  | 'over-budget';

export interface TransportCounters {
  readonly messagesIn: number;
  readonly messagesOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly refused: Readonly<Partial<Record<RefusalReason, number>>>;
}

/**
 * The validator's refusals that count against the peer that sent the message (an honest peer
 * sends none, or rarely): `refused` covers what the protocol will not take from that peer now,
 * such as a catch-up answer nobody asked for or a request too soon after its last.
 */
const CHARGED_REFUSALS: ReadonlySet<string> = new Set([
  'oversized',
  'malformed',
  'unknown_sender',
  'unknown_peer',
  'bad_signature',
  'refused',
]);

export interface ValidatorLinksOptions {
  /** This validator's id in the set. */
  readonly self: PeerId;
  /** Every validator of the set with its public key: the only peers a link is kept with. */
  readonly validators: readonly ValidatorKeyInput[];
  /** Names the link protocol: validators of one network share it. */
  readonly network: string;
  /** Multiaddrs of other validators (with `/p2p/<peer id>`), dialled until linked. */
  readonly peers?: readonly string[];
  /** Largest message in or out, bytes (the frame's payload, the envelope); default 1 MiB, the wire's. */
  readonly maxMessageBytes?: number;
  /** Messages waiting per peer. */
  readonly outbox?: OutboxLimits;
  /**
   * Waits between dials of a peer that is away, ms; default 100 doubling to 1000: a peer back
   * from a partition is dialled within a second (a dial of a peer that is away costs a refused
   * TCP connection; one that bans this node, a handshake it refuses).
   */
  readonly redial?: BackoffOptions;
  /** An empty frame is sent after this long without a write, ms; default 2000. */
  readonly keepAlive?: number;
  /** A link that hears nothing for this long is ended, ms; default 15000. */
  readonly readTimeout?: number;
  /** What a peer's refused messages may add up to before it is disconnected. */
  readonly budget?: PeerBudgetOptions;
  /** Called for each refusal and drop (metrics, logs): the reason, the libp2p peer id, a detail. */
  readonly onRefused?: (reason: RefusalReason, peer: string, detail?: string) => void;
}

export interface ValidatorLinks extends ValidatorTransport {
  /** Validators with a link up. */
  connectedValidators(): PeerId[];
  /**
   * The connection gate, for the node's `connectionGater` (after the handshake authenticated the
   * peer id): why a connection with `peer` is refused (counted), or undefined to let it in.
   */
  gate(peer: string, outbound: boolean): RefusalReason | undefined;
  counters(): TransportCounters;
  /** Ends every link and stops dialling; the node itself is left to its owner. */
  close(): Promise<void>;
}

/** A refused message costs one refusal more per this many bytes. */
const REFUSED_BYTES_PER_CHARGE = 64 * 1024;

/** How much later the larger peer id of a pair dials, ms. */
const DIAL_DEFERENCE = 500;

export const linkProtocol = (network: string): string => `/rx-consensus/${network}/link/1.0.0`;

/**
 * A js-libp2p node (`Libp2p`, from `createLibp2p`) with TCP or another transport, a connection
 * encrypter and a stream muxer. Typed loosely, so this entry's types need no libp2p package; its
 * key must be the validator's (`self`'s) Ed25519 key, or no validator will take its links.
 */
export interface Libp2pNode {
  readonly peerId: { toString(): string };
}

export async function attachValidatorLinks(
  libp2pNode: Libp2pNode,
  options: ValidatorLinksOptions,
): Promise<ValidatorLinks> {
  const node = libp2pNode as Libp2p;
  const modules = await loadLibp2p();
  const book = peerBook(modules, options.validators);
  const selfPeer = node.peerId.toString();
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_BYTES;
  const protocol = linkProtocol(options.network);
  const keepAlive = options.keepAlive ?? 2000;
  const readTimeout = options.readTimeout ?? 15_000;
  const budget = new PeerBudget(options.budget);
  const inbound = new Subject<InboundBytes>();
  const refusedCounts: Partial<Record<RefusalReason, number>> = {};
  let messagesIn = 0;
  let messagesOut = 0;
  let closedBytesIn = 0;
  let closedBytesOut = 0;
  let stopped = false;

  interface Peer {
    readonly validator: PeerId;
    readonly id: string;
    readonly outbox: Outbox;
    readonly redial: Backoff;
    link: Link | undefined;
    address: ReturnType<Libp2pModules['multiaddr']['multiaddr']> | undefined;
    dialling: boolean;
    /** Bytes of the message being delivered now (0 between deliveries). */
    delivering: number;
    redialTimer: ReturnType<typeof setTimeout> | undefined;
  }
  const peers = new Map<string, Peer>();
  for (const v of options.validators) {
    if (v.id === options.self) continue;
    const id = book.peerOf(v.id)!.toString();
    peers.set(id, {
      validator: v.id,
      id,
      outbox: new Outbox(options.outbox),
      redial: new Backoff(options.redial ?? { initial: 100, max: 1000 }),
      link: undefined,
      address: undefined,
      dialling: false,
      delivering: 0,
      redialTimer: undefined,
    });
  }
  for (const address of options.peers ?? []) {
    const target = modules.multiaddr.multiaddr(address);
    const peer = peers.get(target.getPeerId() ?? '');
    if (peer !== undefined) peer.address = target;
  }

  const refuse = (reason: RefusalReason, peer: string, detail?: string): void => {
    refusedCounts[reason] = (refusedCounts[reason] ?? 0) + 1;
    options.onRefused?.(reason, peer, detail);
  };

  /** Charge `peer` one refusal; over its budget, end its link and shut it out for a while. */
  const charge = (peer: Peer, refusals = 1): void => {
    const ban = budget.charge(peer.id, refusals);
    if (ban === undefined) return;
    refuse('over-budget', peer.id, `disconnected for ${ban} ms (ban ${budget.bans(peer.id)})`);
    peer.link?.end('closed');
    for (const c of node.getConnections(book.peerOf(peer.validator))) void c.close().catch(() => undefined);
    schedule(peer, ban);
  };

  const ended = (peer: Peer, link: Link, why: LinkEnd): void => {
    closedBytesIn += link.bytesIn;
    closedBytesOut += link.bytesOut;
    if (why === 'too-large' || why === 'bad-frame' || why === 'read-timeout') {
      refuse(why, peer.id);
      charge(peer);
    }
    if (peer.link !== link) return;
    peer.link = undefined;
    if (!stopped) schedule(peer, peer.redial.next() + deference(peer));
  };

  /**
   * When two validators know each other's address, the one with the larger peer id dials a
   * little later, so the other's dial usually lands first and no link has to be replaced (a
   * replaced link may lose the message it was writing).
   */
  const deference = (peer: Peer): number => (selfPeer < peer.id ? 0 : DIAL_DEFERENCE);

  const adopt = (peer: Peer, stream: Stream, outbound: boolean): void => {
    const current = peer.link;
    if (current?.open === true) {
      // Both dialled at once: keep the stream opened by the smaller peer id. A second stream in
      // the same direction comes over the same connection (the gate admits one per validator), so
      // it is the peer's (or our) fresh start: it replaces the old one.
      const keepNew = current.outbound === outbound || outbound === selfPeer < peer.id;
      if (!keepNew) {
        refuse('duplicate-connection', peer.id);
        stream.abort(new Error('a link to this validator is up'));
        return;
      }
      peer.link = undefined;
      current.end('replaced');
    }
    const link: Link = new Link(
      modules.lp,
      stream,
      outbound,
      peer.outbox,
      { maxBytes },
      {
        frame: (bytes) => {
          messagesIn += 1;
          // The validator judges the message while it is delivered: a refusal reported meanwhile
          // is of these bytes, and is weighed by their size.
          peer.delivering = bytes.byteLength;
          try {
            inbound.next({ from: peer.validator, bytes, link: peer.id });
          } finally {
            peer.delivering = 0;
          }
        },
        ended: (l, why) => ended(peer, l, why),
      },
    );
    peer.link = link;
    peer.redial.reset();
    link.start();
  };

  const dial = (peer: Peer): void => {
    peer.redialTimer = undefined;
    if (stopped || peer.address === undefined || peer.dialling || peer.link?.open === true) return;
    if (budget.banned(peer.id)) return;
    peer.dialling = true;
    node
      .dialProtocol(peer.address, protocol)
      .then(
        (stream) => (stopped ? stream.abort(new Error('stopped')) : adopt(peer, stream, true)),
        () => {
          if (peer.link?.open !== true) schedule(peer, peer.redial.next());
        },
      )
      .finally(() => (peer.dialling = false));
  };
  const schedule = (peer: Peer, wait: number): void => {
    if (stopped || peer.address === undefined) return;
    if (peer.redialTimer !== undefined) clearTimeout(peer.redialTimer);
    peer.redialTimer = setTimeout(() => dial(peer), wait);
    peer.redialTimer.unref?.();
  };

  await node.handle(
    protocol,
    ({ stream, connection }: { stream: Stream; connection: Connection }) => {
      const remote = connection.remotePeer.toString();
      const peer = peers.get(remote);
      if (peer === undefined || budget.banned(remote)) {
        refuse(peer === undefined ? 'unknown-peer' : 'over-budget', remote);
        stream.abort(new Error('not a validator of this network, or shut out'));
        if (peer === undefined) void connection.close().catch(() => undefined);
        return;
      }
      adopt(peer, stream, false);
    },
    // The link and one replacement while the old one closes.
    { maxInboundStreams: 2, maxOutboundStreams: 2 },
  );

  // Keep-alives out, read timeouts in: one sweep for every link. A sweep that runs late means this
  // process was stalled (a busy machine), not its peers: what they sent is still unread in the
  // socket, so nobody is timed out before the reads have had their turn.
  const sweepEvery = Math.max(10, Math.min(keepAlive, readTimeout) / 2);
  let lastSweep = performance.now();
  const sweep = setInterval(() => {
    const now = performance.now();
    const late = now - lastSweep > 2 * sweepEvery;
    lastSweep = now;
    for (const peer of peers.values()) {
      const link = peer.link;
      if (link === undefined) continue;
      if (!late && now - link.lastHeard > readTimeout) link.end('read-timeout');
      else if (now - link.lastSent >= keepAlive) link.keepAlive();
    }
  }, sweepEvery);
  sweep.unref?.();

  // After the caller has started the node.
  for (const peer of peers.values()) schedule(peer, deference(peer));

  const post = (peer: Peer, bytes: Uint8Array): void => {
    messagesOut += 1;
    const dropped = peer.outbox.push(bytes);
    for (let i = 0; i < dropped; i++) refuse('queue-full', peer.id);
  };

  return {
    inbound$: inbound.asObservable(),
    broadcast(bytes) {
      if (stopped) return;
      if (bytes.byteLength > maxBytes) return refuse('too-large', selfPeer);
      for (const peer of peers.values()) post(peer, bytes);
    },
    send(to, bytes) {
      if (stopped) return;
      if (bytes.byteLength > maxBytes) return refuse('too-large', selfPeer);
      const target = book.peerOf(to)?.toString();
      const peer = target === undefined ? undefined : peers.get(target);
      if (peer === undefined) return refuse('not-a-validator-target', to);
      post(peer, bytes);
    },
    refused(link, reason) {
      const peer = peers.get(link);
      // One refusal, and one more per 64 KiB of the refused message: a peer's budget is in bytes
      // as much as in messages.
      if (peer !== undefined && CHARGED_REFUSALS.has(reason))
        charge(peer, 1 + Math.floor(peer.delivering / REFUSED_BYTES_PER_CHARGE));
    },
    connectedValidators: () =>
      [...peers.values()].filter((p) => p.link?.open === true).map((p) => p.validator),
    gate(id, outbound) {
      const peer = peers.get(id);
      const reason: RefusalReason | undefined =
        stopped || peer === undefined
          ? 'unknown-peer'
          : budget.banned(id)
            ? 'over-budget'
            : !outbound && peer.link?.open === true
              ? 'duplicate-connection'
              : undefined;
      if (reason !== undefined) refuse(reason, id, 'connection refused after the handshake');
      return reason;
    },
    counters: () => {
      let bytesIn = closedBytesIn;
      let bytesOut = closedBytesOut;
      for (const p of peers.values()) {
        bytesIn += p.link?.bytesIn ?? 0;
        bytesOut += p.link?.bytesOut ?? 0;
      }
      return { messagesIn, messagesOut, bytesIn, bytesOut, refused: { ...refusedCounts } };
    },
    async close() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweep);
      for (const peer of peers.values()) {
        if (peer.redialTimer !== undefined) clearTimeout(peer.redialTimer);
        peer.link?.end('closed');
      }
      inbound.complete();
      await node.unhandle(protocol).catch(() => undefined);
    },
  };
}
