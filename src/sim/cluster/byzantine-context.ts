/**
 * The context a Byzantine strategy acts through: the node's endpoint seen as decoded messages,
 * sends that seal with the node's key (votes reported as signed, for the double-vote check), and
 * a switch that silences it all when the node crashes.
 */
import { filter, map, share, type SchedulerLike } from 'rxjs';
import { referenceDomain } from '../../reference/domain';
import { chainScope } from '../../reference/verification';
import type { Frame, PeerId } from '../../reference/types';
import type { ValidatorSet } from '../../reference/validator-set';
import type { Delivery, Network, Endpoint } from '../../transport/network-types';
import type { Rng } from '../../transport/rng';
import { decodeEnvelope, encodeEnvelope } from '../../wire/encoding';
import { openEnvelope, sealMessage } from '../../wire/message';
import type { Signer } from '../../wire/signature';
import { openControl, sealControl } from '../../reference/validator/control';
import type { ByzantineContext, Heard, HeardControl, OutboundBytes } from '../byzantine/types';
import { signedVoteOf, type NodeEvent } from './events';

export interface ByzantineContextOptions {
  readonly key: string;
  readonly self: PeerId;
  readonly signer: Signer;
  readonly validators: ValidatorSet;
  readonly genesis: Frame;
  readonly scheduler: SchedulerLike;
  readonly rng: Rng;
  readonly network: Network<Uint8Array>;
  readonly endpoint: Endpoint<Uint8Array>;
  readonly report: (event: NodeEvent) => void;
}

export interface LiveContext {
  readonly ctx: ByzantineContext;
  /** Sends one message as it is, if the node is still up. */
  readonly transmit: (out: OutboundBytes) => void;
  /** From now on nothing is sent. */
  silence(): void;
}

export function createByzantineContext(o: ByzantineContextOptions): LiveContext {
  const { endpoint, report } = o;
  let live = true;
  const transmit = ({ bytes, to }: OutboundBytes): void => {
    if (!live) return;
    if (to === undefined) endpoint.broadcast(bytes);
    else for (const peer of to) endpoint.send(peer, bytes);
  };
  const ctx: ByzantineContext = {
    self: o.self,
    signer: o.signer,
    validators: o.validators,
    genesis: o.genesis,
    chain: chainScope(o.genesis, o.validators),
    scheduler: o.scheduler,
    rng: o.rng,
    inbound$: endpoint.inbound$.pipe(
      map(hear),
      filter((heard): heard is Heard => heard !== null),
      share(),
    ),
    controls$: endpoint.inbound$.pipe(
      map(hearControl),
      filter((heard): heard is HeardControl => heard !== null),
      share(),
    ),
    peers: () => o.network.nodes().filter((key) => key !== o.key),
    sendControl(message, to, chain) {
      if (!live) return;
      transmit({ bytes: encodeEnvelope(sealControl(message, o.self, o.signer, chain ?? ctx.chain)), to });
    },
    send(message, to) {
      if (!live) return;
      const envelope = sealMessage(referenceDomain, o.signer, message, ctx.chain);
      const vote = signedVoteOf(envelope);
      if (vote !== undefined) report({ kind: 'vote-signed', ...vote });
      transmit({ bytes: encodeEnvelope(envelope), to });
    },
    sendBytes: (bytes, to) => transmit({ bytes, to }),
  };
  return {
    ctx,
    transmit,
    silence: () => {
      live = false;
    },
  };
}

/** What arrives at a Byzantine node: bytes to a decoded message, or nothing for garbage. */
export function hear(delivery: Delivery<Uint8Array>): Heard | null {
  const decoded = decodeEnvelope(delivery.message);
  if (decoded._tag === 'Left') return null;
  const envelope = decoded.right;
  const opened = openEnvelope(referenceDomain, envelope, envelope.sender);
  if (opened._tag === 'Left') return null;
  return {
    from: delivery.from,
    envelope,
    message: opened.right,
    bytes: delivery.message,
    at: delivery.deliveredAt,
  };
}

/** What arrives at a Byzantine node as a timeout or catch-up message, decoded; null for anything else. */
export function hearControl(delivery: Delivery<Uint8Array>): HeardControl | null {
  const decoded = decodeEnvelope(delivery.message);
  if (decoded._tag === 'Left') return null;
  const opened = openControl(decoded.right);
  if (opened._tag === 'Left') return null;
  return { from: delivery.from, envelope: decoded.right, message: opened.right, at: delivery.deliveredAt };
}
