/**
 * A simulation scenario: plain JSON data (no functions, no class instances), so a failing scenario
 * can be printed, saved and replayed exactly. Nodes are numbered 0..nodes−1 (ids `v0`, `v1`, …);
 * every time is in virtual milliseconds from the start of the run. Each part is an io-ts codec and
 * its type, so a scenario read back from JSON (a saved failing run, `--replay`) is checked field
 * by field before it runs, and a bad file gets a readable error naming the field.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { reportFirst } from '../../guard/io-ts-report';
import { LeaderRuleCodec, VotesToCodec } from '../../reference/validator/options';

const ms = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'non-negative finite ms');
const index = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'node index');
const probability = t.refinement(t.number, (p) => p >= 0 && p <= 1, 'probability in [0, 1]');
const struct = <P extends t.Props>(props: P) => t.readonly(t.strict(props));
const list = <C extends t.Mixed>(item: C) => t.readonlyArray(item);

/** The one-way delay distribution of a link; `exponential`: `min` plus a tail of mean `mean`, mostly fast, sometimes slow. */
const Latency = t.union([
  struct({ kind: t.literal('fixed'), ms }),
  struct({ kind: t.literal('uniform'), min: ms, max: ms }),
  struct({ kind: t.literal('exponential'), min: ms, mean: ms }),
]);
export type LatencySpec = t.TypeOf<typeof Latency>;

/**
 * How a link misbehaves: `loss` and `duplicate` are probabilities that a message is lost, or
 * delivered twice; `reorder` is an extra delay uniform in [0, reorder) ms per copy, so messages
 * on a link overtake each other.
 */
const linkFaults = { latency: Latency, loss: probability, duplicate: probability, reorder: ms };
/** How one link (or the whole network by default) delays, loses, duplicates and reorders. */
export interface LinkFaults {
  readonly latency: LatencySpec;
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
}

/** One direction of one link behaving differently from the default. */
const Link = t.readonly(t.intersection([t.strict({ from: index, to: index }), t.partial(linkFaults)]));
export type LinkSpec = t.TypeOf<typeof Link>;

const Network = t.readonly(t.intersection([t.strict(linkFaults), t.strict({ links: list(Link) })]));
export type NetworkSpec = t.TypeOf<typeof Network>;

/** Groups of nodes that cannot reach each other from `at` until `heal` (null: never heals). Nodes not listed form one more group. */
const Partition = struct({ at: ms, heal: t.union([ms, t.null]), groups: list(list(index)) });
export type PartitionSpec = t.TypeOf<typeof Partition>;

/** An honest node stops at `at` and, unless `restart` is null, comes back with only its durable store. */
const Crash = struct({ node: index, at: ms, restart: t.union([ms, t.null]) });
export type CrashSpec = t.TypeOf<typeof Crash>;

/**
 * What a Byzantine node does; several combine (e.g. a slow double voter).
 * - `equivocating-proposer`: two different proposals per rank, each sent first to a different half of the network, then to the other.
 * - `double-voter`: votes for two different proposals at one rank, each vote to a different half.
 * - `phantom-voter`: votes for a frame that was never proposed.
 * - `silent`: sends nothing at all.
 * - `stale-replayer`: re-sends genuine signed messages it heard once they are at least `age` ms old.
 * - `garbage`: sends malformed and oversized bytes.
 * - `slow`: a correct node whose every message leaves `delay` ms late (checked like an honest node).
 * - `twins`: two copies of one node (same identity and key), each seeing a different part of the network.
 */
const Behaviour = t.union([
  struct({ kind: t.literal('equivocating-proposer') }),
  struct({ kind: t.literal('double-voter') }),
  struct({ kind: t.literal('phantom-voter') }),
  struct({ kind: t.literal('silent') }),
  struct({ kind: t.literal('stale-replayer'), age: ms }),
  struct({ kind: t.literal('garbage') }),
  struct({ kind: t.literal('slow'), delay: ms }),
  struct({ kind: t.literal('twins') }),
  struct({ kind: t.literal('timeout-liar'), claim: t.union([t.literal('inflated'), t.literal('deflated')]) }),
  struct({ kind: t.literal('stale-certificates') }),
  struct({ kind: t.literal('ballot-liar') }),
  struct({ kind: t.literal('catch-up-liar') }),
  struct({ kind: t.literal('withholder') }),
  struct({ kind: t.literal('other-chain') }),
]);
export type BehaviourSpec = t.TypeOf<typeof Behaviour>;
export type BehaviourKind = BehaviourSpec['kind'];

export const BEHAVIOUR_KINDS: readonly BehaviourKind[] = Behaviour.types.map(
  (b) => b.type.type.props.kind.value,
);

const Byzantine = struct({ node: index, behaviours: list(Behaviour) });
export type ByzantineSpec = t.TypeOf<typeof Byzantine>;

/**
 * When the run ends: at `duration` ms, or earlier when a stop condition that is set holds.
 * `rounds`: once every live honest node has finalized this rank. `afterFaults`: once the last fault
 * has happened and every live honest node on the main side has finalized this many ranks past the
 * highest one finalized at that moment (recovery shown; the rest of the run would only repeat it).
 * A run that stalls still runs its whole duration.
 */
const Run = struct({ duration: ms, rounds: t.union([index, t.null]), afterFaults: t.union([index, t.null]) });
export type RunLength = t.TypeOf<typeof Run>;

/**
 * Knobs of the reference protocol and the engine: how long a rank may take before validators time
 * out (ms; it backs off while ranks fail), and per-state timeout overrides (ms) by state name.
 */
const Protocol = t.readonly(
  t.intersection([
    t.strict({ roundTimeout: ms, timeouts: t.readonly(t.record(t.string, ms)) }),
    // Who votes go to (default: everyone; see the reference validator's `votesTo`).
    // How leaders are chosen (default: round robin; see the reference validator's `leaders`).
    t.partial({ votesTo: VotesToCodec, leaders: LeaderRuleCodec }),
  ]),
);
export type ProtocolSpec = t.TypeOf<typeof Protocol>;

/** The whole scenario; `seed` seeds every random choice of the run (key material stays fixed per node). */
export const ScenarioCodec = t.readonly(
  t.strict(
    {
      seed: t.Integer,
      nodes: index,
      byzantine: list(Byzantine),
      network: Network,
      partitions: list(Partition),
      crashes: list(Crash),
      run: Run,
      protocol: Protocol,
    },
    'Scenario',
  ),
);
export type Scenario = t.TypeOf<typeof ScenarioCodec>;

/** Decodes untrusted JSON into a scenario, or says which field is wrong. */
export function decodeScenario(
  json: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const decoded = ScenarioCodec.decode(json);
  if (isLeft(decoded)) {
    const { field, problem } = reportFirst(decoded.left, 'scenario');
    return { ok: false, error: `${field}: ${problem}` };
  }
  return { ok: true, scenario: decoded.right };
}

/** The node id of index `i`, as the keyring names validators. */
export const nodeId = (i: number): string => `v${i}`;

/** The most Byzantine nodes `n` tolerates: the largest f with 3f < n. */
export const maxFaulty = (n: number): number => Math.floor((n - 1) / 3);
