/**
 * The multi-node example: four validators agree on a chain of frames while one of them lies.
 *
 * - Validators v0…v3, each with its own Ed25519 key; the validator set gives round-robin leader
 *   priority (the leader of rank r is member r mod n) and a quorum of 3 of 4 equal votes.
 * - Every validator proposes a frame per round, signed, carrying a placeholder proof (the
 *   reference providers' `placeholder-proof:<proposer>:<prior>`); honest nodes vote for the
 *   leader's proposal, falling back down the priority order if it is late.
 * - Every message is a signed envelope on the in-memory network (seeded latency, loss,
 *   reordering) and enters each node through its guarded inbound path, which refuses what it must.
 * - The last validator is Byzantine (`mixedByzantine`): it votes for proposals nobody made, sends
 *   conflicting votes to different peers, and replays stale messages.
 *
 * `runNetwork` runs it in virtual time (deterministic, instant) or real time and reports, per
 * node, what it finalized and refused, and whether the honest nodes agree on every rank. The
 * demo (`npm run demo`) is a command line around it. `src/sim/cluster` is where each node is
 * wired: `createReferenceNode` + `createStateMachine` + `createReferenceInbound` over an endpoint.
 */
import {
  byzantineStrategy,
  createCluster,
  summarizeCluster,
  type ByzantineName,
  type Cluster,
  type ClusterSummary,
} from 'rx-consensus/sim';

export interface NetworkOptions {
  /** Validators (default 4). */
  readonly nodes: number;
  /** How many of them, the last ones, are Byzantine (default 1). */
  readonly byzantine: number;
  /** The rank every honest node must finalize (default 30). */
  readonly rounds: number;
  /** One-way message delay in ms, uniform in [min, max] (default 5–40). */
  readonly latency: { readonly min: number; readonly max: number };
  /** Probability that a message is lost (default 0). */
  readonly loss: number;
  /** Extra random delay in ms that lets messages overtake each other (default 0). */
  readonly reorder: number;
  /** Seeds the network and the Byzantine nodes: same seed, same virtual run (default 1). */
  readonly seed: number;
  /** `'virtual'` (default) or `'real'` time. */
  readonly time: 'virtual' | 'real';
  /** What the Byzantine nodes do (default `mixed`). */
  readonly strategy: ByzantineName;
  /** Give up after this many ms of (virtual or real) time (default: 2 s per round + 10 s). */
  readonly maxTime?: number;
  /** Called with the cluster before it starts (attach a live view); may return a teardown. */
  readonly watch?: (cluster: Cluster) => (() => void) | void;
}

export const DEFAULT_NETWORK: NetworkOptions = {
  nodes: 4,
  byzantine: 1,
  rounds: 30,
  latency: { min: 5, max: 40 },
  loss: 0,
  reorder: 0,
  seed: 1,
  time: 'virtual',
  strategy: 'mixed',
};

export interface NetworkRun {
  readonly options: Omit<NetworkOptions, 'watch'>;
  /** Every live honest node finalized `rounds`. */
  readonly reached: boolean;
  /** Honest nodes agree at every rank, and none signed two votes at one rank. */
  readonly agree: boolean;
  readonly summary: ClusterSummary;
  /** Cluster time the run took (virtual ms in virtual time). */
  readonly runMs: number;
  /** Wall-clock time the run took. */
  readonly wallMs: number;
}

/** Validator ids `v0`…; the Byzantine ones are the last `byzantine`. */
export const byzantineIds = (nodes: number, byzantine: number): string[] =>
  Array.from({ length: byzantine }, (_, i) => `v${nodes - byzantine + i}`);

export async function runNetwork(given: Partial<NetworkOptions> = {}): Promise<NetworkRun> {
  const { watch, ...options } = { ...DEFAULT_NETWORK, ...given };
  const wallStart = performance.now();
  const cluster = createCluster({
    validators: options.nodes,
    seed: options.seed,
    time: options.time,
    link: { latency: options.latency, loss: options.loss, reorder: options.reorder },
    byzantine: Object.fromEntries(
      byzantineIds(options.nodes, options.byzantine).map((id) => [id, byzantineStrategy(options.strategy)]),
    ),
  });
  const unwatch = watch?.(cluster);
  const started = cluster.now();
  cluster.start();
  const reached = await cluster.waitUntil(options.rounds, options.maxTime ?? options.rounds * 2_000 + 10_000);
  const runMs = cluster.now() - started;
  const summary = summarizeCluster(cluster);
  unwatch?.();
  cluster.close();
  const honest = new Set(summary.nodes.filter((n) => !n.faulty).map((n) => n.id));
  const agree = summary.agreement.agree && summary.doubleVotes.every((d) => !honest.has(d.validator));
  return { options, reached, agree, summary, runMs, wallMs: performance.now() - wallStart };
}
