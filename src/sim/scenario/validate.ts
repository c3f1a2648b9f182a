/**
 * The rules a scenario must follow beyond its shape: indices in range, crashes only of honest
 * nodes and never overlapping, partitions one at a time, at most f Byzantine nodes with 3f < n.
 */
import { isMachineState } from '../../machine/states';
import { maxFaulty, type LatencySpec, type Scenario } from './types';

export interface ValidateOptions {
  /** Allow f ≥ n/3 Byzantine nodes (safety is then not promised). Default false. */
  readonly allowOverTolerance?: boolean;
}

/** Every problem found, in a readable sentence each; empty when the scenario can run. */
export function scenarioProblems(s: Scenario, options: ValidateOptions = {}): string[] {
  const problems: string[] = [];
  const inRange = (i: number): boolean => Number.isInteger(i) && i >= 0 && i < s.nodes;
  if (!Number.isInteger(s.nodes) || s.nodes < 1)
    problems.push(`nodes must be a positive integer, got ${s.nodes}`);

  const byzantine = new Set<number>();
  for (const b of s.byzantine) {
    if (!inRange(b.node)) problems.push(`byzantine node ${b.node} is not a node index`);
    if (byzantine.has(b.node)) problems.push(`byzantine node ${b.node} is listed twice`);
    if (b.behaviours.length === 0) problems.push(`byzantine node ${b.node} has no behaviour`);
    byzantine.add(b.node);
  }
  if (!options.allowOverTolerance && byzantine.size > maxFaulty(s.nodes))
    problems.push(
      `${byzantine.size} Byzantine nodes out of ${s.nodes}: at most ${maxFaulty(s.nodes)} (3f < n)`,
    );

  problems.push(...latencyProblems('network.latency', s.network.latency));
  s.network.links.forEach((link, i) => {
    if (!inRange(link.from) || !inRange(link.to) || link.from === link.to)
      problems.push(`network.links[${i}] must join two different nodes, got ${link.from} → ${link.to}`);
    if (link.latency !== undefined)
      problems.push(...latencyProblems(`network.links[${i}].latency`, link.latency));
  });

  let lastEnd = 0;
  [...s.partitions]
    .sort((a, b) => a.at - b.at)
    .forEach((p, i) => {
      if (p.at < lastEnd)
        problems.push(`partitions overlap in time (the one at ${p.at} ms starts before the previous heals)`);
      if (p.heal !== null && p.heal <= p.at)
        problems.push(`partition at ${p.at} ms heals at ${p.heal} ms, not after`);
      lastEnd = p.heal ?? Infinity;
      const seen = new Set<number>();
      for (const node of p.groups.flat()) {
        if (!inRange(node)) problems.push(`partitions[${i}] lists ${node}, not a node index`);
        if (seen.has(node)) problems.push(`partitions[${i}] lists node ${node} in two groups`);
        seen.add(node);
      }
    });

  const downUntil = new Map<number, number>();
  for (const c of [...s.crashes].sort((a, b) => a.at - b.at)) {
    if (!inRange(c.node)) problems.push(`crash of ${c.node}: not a node index`);
    if (byzantine.has(c.node)) problems.push(`crash of node ${c.node}: only honest nodes crash`);
    if (c.restart !== null && c.restart <= c.at)
      problems.push(`node ${c.node} restarts at ${c.restart} ms, not after its crash at ${c.at} ms`);
    if ((downUntil.get(c.node) ?? -1) > c.at)
      problems.push(`node ${c.node} crashes at ${c.at} ms while already down`);
    downUntil.set(c.node, c.restart ?? Infinity);
  }

  if (!(s.run.duration > 0)) problems.push(`run.duration must be positive, got ${s.run.duration}`);
  for (const state of Object.keys(s.protocol.timeouts))
    if (!isMachineState(state)) problems.push(`protocol.timeouts: "${state}" is not a machine state`);
  return problems;
}

function latencyProblems(where: string, l: LatencySpec): string[] {
  if (l.kind === 'uniform' && l.min > l.max) return [`${where}: min ${l.min} exceeds max ${l.max}`];
  const longest = l.kind === 'fixed' ? l.ms : l.kind === 'uniform' ? l.max : Infinity;
  if (longest < 1) {
    return [
      `${where}: every delay is 0 ms, so rounds would take no virtual time and the run could never ` +
        'reach its end: give links a latency of at least 1 ms',
    ];
  }
  return [];
}
