/**
 * A simulation scenario: plain JSON data (no functions, no class instances), so a failing scenario
 * can be printed, saved and replayed exactly. Nodes are numbered 0..nodes−1 (ids `v0`, `v1`, …);
 * every time is in virtual milliseconds from the start of the run.
 */

/** The one-way delay distribution of a link, in virtual milliseconds. */
export type LatencySpec =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  /** `min` plus an exponential tail of mean `mean`: mostly fast, sometimes slow. */
  | { readonly kind: 'exponential'; readonly min: number; readonly mean: number };

export interface LinkFaults {
  readonly latency: LatencySpec;
  /** Probability in [0, 1] that a message is lost. */
  readonly loss: number;
  /** Probability in [0, 1] that a delivered message arrives twice. */
  readonly duplicate: number;
  /** Extra delay uniform in [0, reorder) ms per copy, so messages on a link overtake each other. */
  readonly reorder: number;
}

/** One direction of one link behaving differently from the default. */
export interface LinkSpec extends Partial<LinkFaults> {
  readonly from: number;
  readonly to: number;
}

export interface NetworkSpec extends LinkFaults {
  readonly links: readonly LinkSpec[];
}

/** Groups of nodes that cannot reach each other from `at` until `heal` (null: never heals). Nodes not listed form one more group. */
export interface PartitionSpec {
  readonly at: number;
  readonly heal: number | null;
  readonly groups: readonly (readonly number[])[];
}

/** An honest node stops at `at` and, unless `restart` is null, comes back with only its durable store. */
export interface CrashSpec {
  readonly node: number;
  readonly at: number;
  readonly restart: number | null;
}

/** What a Byzantine node does. Several combine (e.g. a slow double voter). */
export type BehaviourSpec =
  /** Two different proposals per rank, each sent first to a different half of the network, then to the other. */
  | { readonly kind: 'equivocating-proposer' }
  /** Votes for two different proposals at one rank, each vote to a different half. */
  | { readonly kind: 'double-voter' }
  /** Votes for a frame that was never proposed. */
  | { readonly kind: 'phantom-voter' }
  /** Sends nothing at all. */
  | { readonly kind: 'silent' }
  /** Re-sends genuine signed messages it heard once they are at least `age` ms old. */
  | { readonly kind: 'stale-replayer'; readonly age: number }
  /** Sends malformed and oversized bytes. */
  | { readonly kind: 'garbage' }
  /** A correct node whose every message leaves `delay` ms late (checked like an honest node). */
  | { readonly kind: 'slow'; readonly delay: number }
  /** Two copies of one node (same identity and key), each seeing a different part of the network. */
  | { readonly kind: 'twins' };

export type BehaviourKind = BehaviourSpec['kind'];

export const BEHAVIOUR_KINDS: readonly BehaviourKind[] = [
  'equivocating-proposer',
  'double-voter',
  'phantom-voter',
  'silent',
  'stale-replayer',
  'garbage',
  'slow',
  'twins',
];

export interface ByzantineSpec {
  readonly node: number;
  readonly behaviours: readonly BehaviourSpec[];
}

/** When the run ends: at `duration` ms, or earlier when a stop condition that is set holds. */
export interface RunLength {
  readonly duration: number;
  /** Stop once every live honest node has finalized this rank. */
  readonly rounds: number | null;
  /**
   * Stop once the last fault has happened and every live honest node on the main side has
   * finalized this many ranks past the highest one finalized at that moment: recovery shown, the
   * rest of the run would only repeat it. A run that stalls still runs its whole duration.
   */
  readonly afterFaults: number | null;
}

/** Knobs of the reference protocol and the engine. */
export interface ProtocolSpec {
  /** How long a rank may take before validators time out (ms); it backs off while ranks fail. */
  readonly roundTimeout: number;
  /** Per-state timeout overrides (ms), by state name. */
  readonly timeouts: Readonly<Record<string, number>>;
}

export interface Scenario {
  /** Seeds every random choice of the run: network draws, behaviours, key material stays fixed per node. */
  readonly seed: number;
  readonly nodes: number;
  readonly byzantine: readonly ByzantineSpec[];
  readonly network: NetworkSpec;
  readonly partitions: readonly PartitionSpec[];
  readonly crashes: readonly CrashSpec[];
  readonly run: RunLength;
  readonly protocol: ProtocolSpec;
}

/** The node id of index `i`, as the keyring names validators. */
export const nodeId = (i: number): string => `v${i}`;

/** The most Byzantine nodes `n` tolerates: the largest f with 3f < n. */
export const maxFaulty = (n: number): number => Math.floor((n - 1) / 3);
