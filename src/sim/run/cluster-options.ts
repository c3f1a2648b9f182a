/** A scenario as `createCluster` options: validators, seeded network, Byzantine strategies, twins, protocol knobs. */
import type { MachineState } from '../../machine/states';
import type { ByzantineStrategy } from '../byzantine/types';
import type { ClusterOptions } from '../cluster/options';
import { nodeId, type Scenario } from '../scenario/types';
import { linkOptionsOf } from './links';
import { isTwin, nodeStrategy } from './strategies';

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
    timeouts: s.protocol.timeouts as Partial<Record<MachineState, number>>,
  };
}
