/**
 * A scenario as `createCluster` options: validators, seeded network (latency as a seeded draw),
 * Byzantine strategies, twins, protocol knobs.
 */
import type { MachineState } from '../../machine/states';
import type { ByzantineStrategy } from '../byzantine/types';
import type { ClusterOptions } from '../cluster/options';
import type { Latency, LinkOptions } from '../../transport/link';
import { nodeId, type LatencySpec, type LinkFaults, type Scenario } from '../scenario/types';
import { isTwin, nodeStrategy } from '../byzantine/catalog';

export function clusterOptionsOf(s: Scenario): ClusterOptions {
  const byzantine: Record<string, ByzantineStrategy> = {};
  for (const b of s.byzantine) {
    const strategy = nodeStrategy(b);
    if (strategy !== null) byzantine[nodeId(b.node)] = strategy;
  }
  return {
    validators: s.nodes,
    seed: s.seed,
    link: linkOptionsOf(s.network),
    links: s.network.links.map(({ from, to, ...faults }) => ({
      from: nodeId(from),
      to: nodeId(to),
      link: linkOptionsOf(faults),
    })),
    byzantine,
    twins: s.byzantine.filter(isTwin).map((b) => nodeId(b.node)),
    roundTimeout: s.protocol.roundTimeout,
    ...(s.protocol.votesTo === undefined ? {} : { votesTo: s.protocol.votesTo }),
    ...(s.protocol.leaders === undefined ? {} : { leaders: s.protocol.leaders }),
    timeouts: s.protocol.timeouts as Partial<Record<MachineState, number>>,
    // The run record holds the whole run.
    historyLimit: Infinity,
  };
}

export function latencyOf(spec: LatencySpec): Latency {
  switch (spec.kind) {
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return { min: spec.min, max: spec.max };
    case 'exponential':
      // Inverse-CDF draw from the link's own seeded stream: 1 − u is in (0, 1], so the log is finite.
      return (rng) => spec.min - spec.mean * Math.log(1 - rng.next());
  }
}

export function linkOptionsOf(faults: Partial<LinkFaults>): Partial<LinkOptions> {
  const out: { -readonly [K in keyof LinkOptions]?: LinkOptions[K] } = {};
  if (faults.latency !== undefined) out.latency = latencyOf(faults.latency);
  if (faults.loss !== undefined) out.loss = faults.loss;
  if (faults.duplicate !== undefined) out.duplicate = faults.duplicate;
  if (faults.reorder !== undefined) out.reorder = faults.reorder;
  return out;
}
