/**
 * One scenario from command-line style options: the Byzantine nodes are the last ones
 * (v(n−k)…v(n−1)), given the listed behaviours in turn; everything else as parsed.
 */
import { scenario } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { parseBehaviours, parseCrash, parseLatency, parsePartition } from './parse';

export interface ScenarioOptions {
  readonly nodes: number;
  readonly byzantine: number;
  /** Behaviour forms, assigned to the Byzantine nodes in turn (default: silent). */
  readonly behaviour: readonly string[];
  readonly latency?: string;
  readonly loss?: number;
  readonly duplicate?: number;
  readonly reorder?: number;
  readonly partition: readonly string[];
  readonly crash: readonly string[];
  readonly rounds?: number;
  readonly duration?: number;
  readonly seed: number;
  readonly roundTimeout?: number;
}

export function scenarioFromOptions(o: ScenarioOptions): Scenario {
  const forms = o.behaviour.length > 0 ? o.behaviour : ['silent'];
  const byzantine = Array.from({ length: o.byzantine }, (_, i) => ({
    node: o.nodes - o.byzantine + i,
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
