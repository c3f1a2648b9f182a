/** The public shapes of the in-memory network: options, the network itself, a node's endpoint. */
import type { Observable, SchedulerLike } from 'rxjs';
import type { CloneOption } from './clone';
import type { NetworkStats } from './counters';
import type { LinkOptions } from './link';

/** One message arriving at a node. Times are on the network's scheduler clock (ms). */
export interface Delivery<M> {
  readonly from: string;
  readonly to: string;
  readonly message: M;
  readonly sentAt: number;
  readonly deliveredAt: number;
}

export interface NetworkOptions<M> {
  /** Clock of every delay (default `asyncScheduler`); a VirtualTimeScheduler or TestScheduler gives virtual time. */
  readonly scheduler?: SchedulerLike;
  /** Seed of every random choice (default 0). Same seed and same sends ⇒ same deliveries. */
  readonly seed?: number;
  /** Behaviour of every link without an override (default: instant, lossless). */
  readonly link?: Partial<LinkOptions>;
  /** How messages are copied on the way (default `'structured'`). */
  readonly clone?: CloneOption<M>;
  /** Told of an error that escaped an inbound subscriber (default: RxJS's `config.onUnhandledError`, else console.error). */
  readonly onError?: (error: unknown, delivery: Delivery<M>) => void;
}

/** A node's attachment to the network. */
export interface Endpoint<M> {
  readonly id: string;
  /** Messages arriving at this node; completes when the node leaves or the network closes. */
  readonly inbound$: Observable<Delivery<M>>;
  send(to: string, message: M): void;
  /** Sends to every other node joined at this moment. */
  broadcast(message: M): void;
  /** Detaches this node; in-flight messages to it become `unreachable`. Idempotent. */
  leave(): void;
}

export interface Network<M> {
  /**
   * Attaches a node. A message with zero total delay is delivered before the outermost `send` returns
   * (no scheduler hop); one sent from inside a delivery is delivered right after that delivery.
   */
  join(id: string): Endpoint<M>;
  /** Ids of the nodes joined now, in join order. */
  nodes(): readonly string[];
  /** Overrides the link `from → to` (one direction), on top of any earlier override. */
  setLink(from: string, to: string, options: Partial<LinkOptions>): void;
  /** Changes the behaviour of every link, keeping per-link overrides on top. */
  setDefaultLink(options: Partial<LinkOptions>): void;
  /**
   * Splits the nodes into groups that cannot reach each other (nodes not listed form one more
   * group). Replaces any earlier partition; messages in flight across groups are stopped on arrival.
   */
  partition(groups: readonly (readonly string[])[]): void;
  /** Ends the partition and every isolation. */
  heal(): void;
  /** Cuts one node off from every other (on top of any partition). */
  isolate(id: string): void;
  /** Ends the isolation of one node. */
  reconnect(id: string): void;
  stats(): NetworkStats;
  /** Drops messages in flight (as `unreachable`), completes every `inbound$`, refuses new joins. */
  close(): void;
}
