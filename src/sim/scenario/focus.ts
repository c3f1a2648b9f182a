/**
 * Single-fault scenarios: a share of a campaign's scenarios keep one fault type only (one
 * Byzantine behaviour, or loss, or partitions, …), so liveness figures per fault type are not
 * muddled by whatever else went wrong in the same run. `focusDraw` strips a random draw down to
 * its focus, making sure the focus itself is present.
 */
import type { Rng } from '../../transport/rng';
import type { ScenarioDraw } from './draw';
import type { ScenarioSpace } from './space';
import type { BehaviourKind } from './types';

export type Focus = BehaviourKind | 'loss' | 'duplicate' | 'reorder' | 'partition' | 'crash' | 'none';

export const NETWORK_FOCUSES: readonly Focus[] = [
  'loss',
  'duplicate',
  'reorder',
  'partition',
  'crash',
  'none',
];

export function focusDraw(rng: Rng, d: ScenarioDraw, focus: Focus, space: ScenarioSpace): ScenarioDraw {
  const quiet: ScenarioDraw = {
    ...d,
    byzantine: [],
    loss: 0,
    duplicate: 0,
    reorder: 0,
    links: [],
    partitions: [],
    crashes: [],
  };
  switch (focus) {
    case 'none':
      return quiet;
    case 'loss':
      return { ...quiet, loss: d.loss > 0 ? d.loss : (0.2 + 0.8 * rng.next()) * space.maxLoss };
    case 'duplicate':
      return {
        ...quiet,
        duplicate: d.duplicate > 0 ? d.duplicate : (0.2 + 0.8 * rng.next()) * space.maxDuplicate,
      };
    case 'reorder':
      return { ...quiet, reorder: d.reorder > 0 ? d.reorder : (0.2 + 0.8 * rng.next()) * space.maxReorder };
    case 'partition':
      return {
        ...quiet,
        partitions:
          d.partitions.length > 0
            ? d.partitions
            : [{ start: rng.next(), length: rng.next(), heals: true, cut: [rng.int(0, d.nodes - 1)] }],
      };
    case 'crash':
      return {
        ...quiet,
        crashes:
          d.crashes.length > 0
            ? d.crashes
            : [{ node: rng.int(0, d.nodes - 1), at: rng.next(), downFor: rng.int(100, 2_000) }],
      };
    default: {
      const nodes = d.byzantine.length > 0 ? d.byzantine.map((b) => b.node) : [rng.int(0, d.nodes - 1)];
      return { ...quiet, byzantine: nodes.map((node) => ({ node, kinds: [focus], param: rng.next() })) };
    }
  }
}
