/**
 * The network's message counters. Every counter except `received` is charged to the sending node, so
 * per node and in total: sent + duplicated = delivered + dropped + partitioned + unreachable + in flight.
 */

export interface MessageCounters {
  /** Send attempts (a broadcast counts once per recipient). */
  sent: number;
  /** Copies handed to the recipient's `inbound$`. */
  delivered: number;
  /** Copies lost by the link's `loss` (or a latency function's non-finite answer). */
  dropped: number;
  /** Copies stopped by a partition or isolation, at send or on arrival. */
  partitioned: number;
  /** Extra copies made by the link's `duplicate`. */
  duplicated: number;
  /** Copies for a node that is not joined (never was, left, or the network closed). */
  unreachable: number;
}

export interface NodeStats extends MessageCounters {
  /** Copies delivered to this node (from anyone). */
  received: number;
}

export interface NetworkStats {
  readonly total: Readonly<NodeStats> & { readonly inFlight: number };
  readonly nodes: Readonly<Record<string, Readonly<NodeStats>>>;
}

export const zeroStats = (): NodeStats => ({
  sent: 0,
  delivered: 0,
  dropped: 0,
  partitioned: 0,
  duplicated: 0,
  unreachable: 0,
  received: 0,
});

export function addStats(into: NodeStats, from: Readonly<NodeStats>): void {
  into.sent += from.sent;
  into.delivered += from.delivered;
  into.dropped += from.dropped;
  into.partitioned += from.partitioned;
  into.duplicated += from.duplicated;
  into.unreachable += from.unreachable;
  into.received += from.received;
}
