/** Hand-built run records for the checker and report specs: only the fields a test cares about. */
import type { NodeRecord, RunRecord } from '../../../src/sim/record/types';
import { scenario } from '../../../src/entries/sim';

export function node(id: string, fields: Partial<NodeRecord> = {}): NodeRecord {
  return {
    id,
    validator: id,
    lane: id,
    role: 'honest',
    behaviours: [],
    states: [],
    finalizations: [],
    downtime: [],
    votes: [],
    receivedTwice: [],
    transitions: [],
    errors: [],
    rejections: {},
    ...fields,
  };
}

export function run(nodes: readonly NodeRecord[], fields: Partial<RunRecord> = {}): RunRecord {
  return {
    scenario: scenario({ nodes: nodes.length }),
    endedAt: 10_000,
    stoppedEarly: false,
    nodes,
    partitions: [],
    evidence: [],
    network: { sent: 0, delivered: 0, dropped: 0, duplicated: 0 },
    ...fields,
  };
}

/** Finalizations of ranks 1..count, one every `every` ms starting at `from`. */
export const steady = (count: number, every = 100, from = every, frame = (r: number) => `f${r}`) =>
  Array.from({ length: count }, (_, i) => ({ at: from + i * every, rank: i + 1, frameId: frame(i + 1) }));
