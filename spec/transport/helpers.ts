/** Shared fixtures for the transport specs: a virtual clock and a network that logs every delivery. */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import {
  createNetwork,
  type Delivery,
  type Endpoint,
  type Network,
  type NetworkOptions,
} from '../../src/transport';

export const virtualScheduler = (): VirtualTimeScheduler => new VirtualTimeScheduler(VirtualAction, Infinity);

export interface LoggedNetwork<M> {
  readonly scheduler: VirtualTimeScheduler;
  readonly network: Network<M>;
  readonly nodes: Record<string, Endpoint<M>>;
  readonly log: Delivery<M>[];
}

/** Joins `ids` to a virtual-time network and records every delivery, in delivery order. */
export function loggedNetwork<M>(ids: readonly string[], options: NetworkOptions<M> = {}): LoggedNetwork<M> {
  const scheduler = virtualScheduler();
  const network = createNetwork<M>({ scheduler, ...options });
  const nodes: Record<string, Endpoint<M>> = {};
  const log: Delivery<M>[] = [];
  for (const id of ids) {
    const endpoint = network.join(id);
    endpoint.inbound$.subscribe((delivery) => log.push(delivery));
    nodes[id] = endpoint;
  }
  return { scheduler, network, nodes, log };
}

export function node<M>(net: LoggedNetwork<M>, id: string): Endpoint<M> {
  const endpoint = net.nodes[id];
  if (!endpoint) throw new Error(`no node ${id}`);
  return endpoint;
}
