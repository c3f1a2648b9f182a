/**
 * A greedy shrinker for a failing scenario, for the CLI campaign (the property tests use
 * fast-check's own shrinking): try one simplification at a time (drop a Byzantine node, a
 * behaviour, a crash, a partition, a link override, quiet the network, shorten the run, remove a
 * node) and keep it whenever the scenario still fails, until none does or the budget is spent.
 */
import { maxFaulty, type Scenario } from './types';

export interface ShrinkResult {
  readonly scenario: Scenario;
  /** Simplifications kept. */
  readonly steps: number;
  /** Scenarios run while shrinking. */
  readonly runs: number;
}

export function shrinkScenario(
  failing: Scenario,
  fails: (s: Scenario) => boolean,
  maxRuns = 200,
): ShrinkResult {
  let current = failing;
  let steps = 0;
  let runs = 0;
  let improved = true;
  while (improved && runs < maxRuns) {
    improved = false;
    for (const candidate of simplifications(current)) {
      if (runs >= maxRuns) break;
      runs++;
      if (fails(candidate)) {
        current = candidate;
        steps++;
        improved = true;
        break;
      }
    }
  }
  return { scenario: current, steps, runs };
}

/**
 * Every one-step simplification of `s`: fewer faults first, then a shorter run, a quieter network
 * and fewer nodes. Cheap candidates come early: a run that still fails usually stalls, which costs
 * little, and a shorter run costs less whatever it does.
 */
export function* simplifications(s: Scenario): Generator<Scenario> {
  for (let i = 0; i < s.byzantine.length; i++)
    yield { ...s, byzantine: s.byzantine.filter((_, j) => j !== i) };
  for (let i = 0; i < s.partitions.length; i++)
    yield { ...s, partitions: s.partitions.filter((_, j) => j !== i) };
  for (let i = 0; i < s.crashes.length; i++) yield { ...s, crashes: s.crashes.filter((_, j) => j !== i) };
  for (let i = 0; i < s.network.links.length; i++)
    yield { ...s, network: { ...s.network, links: s.network.links.filter((_, j) => j !== i) } };
  for (const [i, b] of s.byzantine.entries()) {
    if (b.behaviours.length < 2) continue;
    for (let k = 0; k < b.behaviours.length; k++) {
      const behaviours = b.behaviours.filter((_, j) => j !== k);
      yield { ...s, byzantine: s.byzantine.map((x, j) => (j === i ? { ...x, behaviours } : x)) };
    }
  }
  const lastFault = Math.max(
    0,
    ...s.partitions.map((p) => p.heal ?? p.at),
    ...s.crashes.map((c) => c.restart ?? c.at),
  );
  const shorter = Math.max(lastFault + 200, MIN_DURATION, Math.round(s.run.duration / 2 / 100) * 100);
  if (shorter < s.run.duration) yield { ...s, run: { ...s.run, duration: shorter } };
  const net = s.network;
  if (net.loss > 0) yield { ...s, network: { ...net, loss: 0 } };
  if (net.duplicate > 0) yield { ...s, network: { ...net, duplicate: 0 } };
  if (net.reorder > 0) yield { ...s, network: { ...net, reorder: 0 } };
  // A plain fixed delay, not a faster one: a very fast network makes every passing candidate costly.
  if (net.latency.kind !== 'fixed')
    yield { ...s, network: { ...net, latency: { kind: 'fixed', ms: PLAIN_LATENCY } } };
  for (let i = s.nodes - 1; i >= 0; i--) if (s.nodes > 2) yield withoutNode(s, i);
}

const MIN_DURATION = 500;
const PLAIN_LATENCY = 10;

/** `s` without node `k`: later indices move down by one; its faults and link overrides go with it. */
export function withoutNode(s: Scenario, k: number): Scenario {
  const byzantine = s.byzantine.filter((b) => b.node !== k).map((b) => ({ ...b, node: shift(b.node, k) }));
  const kept = byzantine.slice(0, maxFaulty(s.nodes - 1));
  return {
    ...s,
    nodes: s.nodes - 1,
    byzantine: kept,
    network: {
      ...s.network,
      links: s.network.links
        .filter((l) => l.from !== k && l.to !== k)
        .map((l) => ({ ...l, from: shift(l.from, k), to: shift(l.to, k) })),
    },
    partitions: s.partitions
      .map((p) => ({
        ...p,
        groups: p.groups
          .map((g) => g.filter((x) => x !== k).map((x) => shift(x, k)))
          .filter((g) => g.length > 0),
      }))
      .filter((p) => p.groups.length > 0),
    crashes: s.crashes.filter((c) => c.node !== k).map((c) => ({ ...c, node: shift(c.node, k) })),
  };
}

const shift = (i: number, removed: number): number => (i > removed ? i - 1 : i);
