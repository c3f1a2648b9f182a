/** A scenario's link descriptions as the in-memory network's link options (latency as a seeded draw). */
import type { Latency, LinkOptions } from '../../transport/link';
import type { LatencySpec, LinkFaults } from '../scenario/types';

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
