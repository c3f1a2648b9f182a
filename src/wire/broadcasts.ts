/**
 * The four broadcasts a node's providers make, and a version that seals each message in a signed
 * envelope and hands the bytes to a transport. Broadcasts are fire-and-forget.
 */
import { CONSENSUS_KINDS, messageFrom } from '../machine/message-kinds';
import type { Envelope } from './envelope';
import { sealMessageWithText, type PlainMessage, type WireDomain } from './message';
import type { Signer } from './signature';
import { encodeUtf8 } from './utf8';

export interface Broadcasts<S, V, P, C> {
  proposal(proposal: S): void;
  vote(proposer: P, vote: V): void;
  liveness(collected: C): void;
  confirmation(confirmation: S): void;
}

export interface SealedBroadcastsOptions<S, V, P, C> {
  /** This node: the sender of every message. */
  readonly self: P;
  /** Signs every envelope this node sends. */
  readonly signer: Signer;
  /** The domain with a codec for each type: message bodies are encoded with them. */
  readonly domain: WireDomain<S, V, P, C>;
  /** The chain every envelope is signed for (default ''). */
  readonly chain?: string;
  /** Hands the encoded envelope to the transport. */
  readonly broadcast: (bytes: Uint8Array, envelope: Envelope) => void;
}

export function sealedBroadcasts<S, V, P, C>(
  options: SealedBroadcastsOptions<S, V, P, C>,
): Broadcasts<S, V, P, C> {
  const { self, signer, domain, broadcast } = options;
  const send = (message: PlainMessage<S, V, P, C>): void => {
    const { envelope, text } = sealMessageWithText(domain, signer, message, options.chain);
    broadcast(encodeUtf8(text), envelope);
  };
  // One broadcast per kind of the table, taking the kind's fields but the sender, in table order.
  const broadcasts = Object.fromEntries(
    CONSENSUS_KINDS.map((kind) => [
      kind,
      (...body: unknown[]) => send(messageFrom<S, V, P, C>(kind, self, body)),
    ]),
  );
  return broadcasts as unknown as Broadcasts<S, V, P, C>;
}
