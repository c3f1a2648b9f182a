/**
 * The fault types a scenario contains, as short labels: campaigns group liveness figures by them,
 * and reports name them. A scenario with none is `none`.
 */
import type { Scenario } from './types';

export type FaultType =
  | 'none'
  | 'loss'
  | 'duplicate'
  | 'reorder'
  | 'slow-link'
  | 'partition'
  | 'unhealed-partition'
  | 'crash'
  | 'permanent-crash'
  | Scenario['byzantine'][number]['behaviours'][number]['kind'];

export function faultTypes(s: Scenario): FaultType[] {
  const out = new Set<FaultType>();
  for (const b of s.byzantine) for (const behaviour of b.behaviours) out.add(behaviour.kind);
  if (s.network.loss > 0 || s.network.links.some((l) => (l.loss ?? 0) > 0)) out.add('loss');
  if (s.network.duplicate > 0 || s.network.links.some((l) => (l.duplicate ?? 0) > 0)) out.add('duplicate');
  if (s.network.reorder > 0 || s.network.links.some((l) => (l.reorder ?? 0) > 0)) out.add('reorder');
  if (s.network.links.some((l) => l.latency !== undefined)) out.add('slow-link');
  for (const p of s.partitions) out.add(p.heal === null ? 'unhealed-partition' : 'partition');
  for (const c of s.crashes) out.add(c.restart === null ? 'permanent-crash' : 'crash');
  return out.size === 0 ? ['none'] : [...out];
}

/** One line naming a scenario's shape, e.g. `n=7 seed=12 byz=[v2:double-voter] loss=0.1 partitions=1 crashes=1 6000ms`. */
export function describeScenario(s: Scenario): string {
  const byz = s.byzantine.map((b) => `v${b.node}:${b.behaviours.map((x) => x.kind).join('+')}`).join(',');
  const net = s.network;
  const parts = [
    `n=${s.nodes}`,
    `seed=${s.seed}`,
    `byz=[${byz}]`,
    `latency=${latencyLabel(net.latency)}`,
    net.loss > 0 ? `loss=${net.loss}` : '',
    net.duplicate > 0 ? `dup=${net.duplicate}` : '',
    net.reorder > 0 ? `reorder=${net.reorder}ms` : '',
    net.links.length > 0 ? `links=${net.links.length}` : '',
    s.partitions.length > 0 ? `partitions=${s.partitions.length}` : '',
    s.crashes.length > 0 ? `crashes=${s.crashes.length}` : '',
    s.run.rounds === null ? `${s.run.duration}ms` : `${s.run.rounds} rounds/${s.run.duration}ms`,
  ];
  return parts.filter((p) => p !== '').join(' ');
}

function latencyLabel(l: Scenario['network']['latency']): string {
  switch (l.kind) {
    case 'fixed':
      return `${l.ms}ms`;
    case 'uniform':
      return `${l.min}-${l.max}ms`;
    case 'exponential':
      return `${l.min}+exp(${l.mean})ms`;
  }
}
