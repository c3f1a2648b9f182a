/**
 * What a reference validator needs from a network: bytes in (with the authenticated sender the
 * transport vouches for, when it knows one) and bytes out. The in-memory network's endpoint, a
 * libp2p node or a WebSocket hub each fit through a few lines of adapter.
 */
import type { Observable } from 'rxjs';
import type { PeerId } from '../types';

export interface InboundBytes {
  /** The validator the transport authenticated as the sender, if it knows (libp2p peer id → validator). */
  readonly from?: PeerId;
  readonly bytes: Uint8Array;
  /** The link the bytes came in on (a libp2p peer id): refusals are scored against it. */
  readonly link?: string;
}

export interface ValidatorTransport {
  /** Every message arriving for this validator. */
  readonly inbound$: Observable<InboundBytes>;
  /** Send to every other validator. Must not throw; a throw is caught and reported. */
  broadcast(bytes: Uint8Array): void;
  /** Send to one validator (catch-up answers); falls back to `broadcast` when absent. */
  send?(to: PeerId, bytes: Uint8Array): void;
  /** Told of each message refused that came in on `link`, with the refusal's reason, to charge the peer. */
  refused?(link: string, reason: string): void;
}
