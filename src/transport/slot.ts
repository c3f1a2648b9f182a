/**
 * What the network keeps per node id (kept after the node leaves, for its stats), and the one
 * reachability test every copy passes at send and again on arrival.
 */
import { zeroStats, type NodeStats } from './counters';
import type { FanOut } from './fan-out';
import type { Delivery } from './network-types';
import type { Reachability } from './reachability';

export interface Slot<M> {
  readonly id: string;
  /** Position in creation order; indexes the link table. */
  readonly index: number;
  /** The joined incarnation's inbound multicast, `null` while not joined. */
  hub: FanOut<Delivery<M>> | null;
  /** Copied from `Reachability` whenever it changes, so the send path reads two fields. */
  group: number;
  isolated: boolean;
  readonly stats: NodeStats;
}

export function createSlot<M>(id: string, index: number, reach: Reachability): Slot<M> {
  return {
    id,
    index,
    hub: null,
    group: reach.groupOf(id),
    isolated: reach.isIsolated(id),
    stats: zeroStats(),
  };
}

export function refreshSlot<M>(slot: Slot<M>, reach: Reachability): void {
  slot.group = reach.groupOf(slot.id);
  slot.isolated = reach.isIsolated(slot.id);
}

/** Whether a copy can get through now; if not, charges the sender why (`unreachable` or `partitioned`). */
export function reachable<M>(from: Slot<M>, to: Slot<M>): boolean {
  if (to.hub === null) {
    from.stats.unreachable++;
    return false;
  }
  if (from.isolated || to.isolated || from.group !== to.group) {
    from.stats.partitioned++;
    return false;
  }
  return true;
}
