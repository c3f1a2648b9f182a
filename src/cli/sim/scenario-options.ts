/**
 * One scenario from command-line options, with the defaults `npm run demo` and `npm run simulate`
 * share: the Byzantine nodes are the last ones (v(n−k)…v(n−1)), given the listed behaviours in
 * turn; everything else as parsed.
 */
import { scenario } from '../../sim/scenario/defaults';
import { maxFaulty, type Scenario } from '../../sim/scenario/types';
import { parseBehaviours, parseCrash, parseLatency, parsePartition } from './parse';

export interface ScenarioOptions {
  /** Validators in the network. */
  readonly nodes: number;
  /** How many validators are Byzantine (default: 1, or 0 when n < 4 tolerates none). */
  readonly byzantine?: number;
  /** Behaviour forms, assigned to the Byzantine nodes in turn (default: mixed). */
  readonly behaviour: readonly string[];
  /** One-way link delay: MS, MIN-MAX or exp:[MIN:]MEAN. */
  readonly latency?: string;
  /** Probability that a message is lost. */
  readonly loss?: number;
  /** Probability that a message arrives twice. */
  readonly duplicate?: number;
  /** Extra random delay that reorders messages, ms. */
  readonly reorder?: number;
  /** AT-HEAL:NODES[/NODES] specs, e.g. 1000-2500:0,1. */
  readonly partition: readonly string[];
  /** NODE@AT[-RESTART] specs, e.g. 2@1000-3000. */
  readonly crash: readonly string[];
  /** Stop once every live honest node finalized this rank. */
  readonly rounds?: number;
  /** Time limit in ms (default: 1 s per round, at least 5 s; 10 s without `rounds`). */
  readonly duration?: number;
  /** Seed of every random choice. */
  readonly seed: number;
  /** How long a rank may take before validators time out, ms. */
  readonly roundTimeout?: number;
}

/** What both commands run when told nothing. */
export const DEFAULT_SCENARIO_OPTIONS = {
  nodes: 4,
  behaviour: 'mixed',
  latency: '1-20',
  loss: 0,
  duplicate: 0,
  reorder: 0,
  rounds: 30,
  seed: 1,
  roundTimeout: 500,
} as const;

export const defaultByzantine = (nodes: number): number => Math.min(1, maxFaulty(nodes));

export function scenarioFromOptions(o: ScenarioOptions): Scenario {
  const forms = o.behaviour.length > 0 ? o.behaviour : [DEFAULT_SCENARIO_OPTIONS.behaviour];
  const count = o.byzantine ?? defaultByzantine(o.nodes);
  const byzantine = Array.from({ length: count }, (_, i) => ({
    node: o.nodes - count + i,
    behaviours: parseBehaviours(forms[i % forms.length]!),
  }));
  const duration = o.duration ?? (o.rounds === undefined ? 10_000 : Math.max(5_000, o.rounds * 1_000));
  return scenario({
    seed: o.seed,
    nodes: o.nodes,
    byzantine,
    network: {
      ...(o.latency === undefined ? {} : { latency: parseLatency(o.latency) }),
      loss: o.loss ?? 0,
      duplicate: o.duplicate ?? 0,
      reorder: o.reorder ?? 0,
    },
    partitions: o.partition.map(parsePartition),
    crashes: o.crash.map(parseCrash),
    run: { duration, rounds: o.rounds ?? null, afterFaults: null },
    ...(o.roundTimeout === undefined ? {} : { protocol: { roundTimeout: o.roundTimeout } }),
  });
}
