/** A scenario's behaviour descriptions as the cluster's Byzantine strategies (several combine). */
import { combine } from '../byzantine/combine';
import { doubleVoter } from '../byzantine/double-voter';
import { equivocatingProposer } from '../byzantine/equivocating-proposer';
import { garbageSender } from '../byzantine/garbage-sender';
import { phantomVoter } from '../byzantine/phantom-voter';
import { silent } from '../byzantine/silent';
import { slowNode } from '../byzantine/slow-node';
import { staleReplayer } from '../byzantine/stale-replayer';
import type { ByzantineStrategy } from '../byzantine/types';
import type { BehaviourSpec, ByzantineSpec } from '../scenario/types';

/** The strategy of one behaviour; null for `twins`, which the cluster runs as a second machine. */
export function strategyOf(b: BehaviourSpec): ByzantineStrategy | null {
  switch (b.kind) {
    case 'equivocating-proposer':
      // Crossover: every peer ends up holding both signed proposals, so the conflict is on record.
      return equivocatingProposer({ crossover: true });
    case 'double-voter':
      return doubleVoter();
    case 'phantom-voter':
      return phantomVoter();
    case 'silent':
      return silent();
    case 'stale-replayer':
      return staleReplayer({ age: b.age });
    case 'garbage':
      return garbageSender();
    case 'slow':
      return slowNode({ delay: b.delay });
    case 'twins':
      return null;
  }
}

export const isTwin = (b: ByzantineSpec): boolean => b.behaviours.some((x) => x.kind === 'twins');

/** All of a node's behaviours as one strategy (null when it is a twin). */
export function nodeStrategy(b: ByzantineSpec): ByzantineStrategy | null {
  if (isTwin(b)) return null;
  const parts = b.behaviours.map(strategyOf).filter((s): s is ByzantineStrategy => s !== null);
  return parts.length === 1 ? parts[0]! : combine(...parts);
}
