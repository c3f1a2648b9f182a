/**
 * The transport abstraction: a transport is just an Observable in and an Observer out, so a user can
 * write one over anything (libp2p, WebSocket, a message queue). `endpointTransport` adapts the
 * in-memory network's Endpoint to it.
 */
import { map, type Observable, type Observer } from 'rxjs';
import type { Endpoint } from './network-types';

/** The `to` of an outbound message that goes to every other node. */
export const BROADCAST = 'broadcast';

/** A message to send: to one node by id, or to every other node with `BROADCAST`. */
export interface Outbound<M> {
  readonly to: string | typeof BROADCAST;
  readonly message: M;
}

export interface Transport<M> {
  /** Messages arriving at this node (payloads only). */
  readonly inbound$: Observable<M>;
  /** Where this node's messages go out. */
  readonly outbound: Observer<Outbound<M>>;
}

/**
 * The Endpoint as a Transport. `outbound.complete()`/`error()` do nothing, since several producers may
 * share one outbound; the endpoint's owner ends it with `endpoint.leave()`. A node whose id is literally
 * `'broadcast'` cannot be addressed alone through this adapter.
 */
export function endpointTransport<M>(endpoint: Endpoint<M>): Transport<M> {
  return {
    inbound$: endpoint.inbound$.pipe(map((delivery) => delivery.message)),
    outbound: {
      next: ({ to, message }) =>
        to === BROADCAST ? endpoint.broadcast(message) : endpoint.send(to, message),
      error: () => undefined,
      complete: () => undefined,
    },
  };
}
