/**
 * The raw random choices behind a scenario, and how they are assembled into a valid one. Both
 * random generators (seeded plain, fast-check) only draw these numbers; `assembleScenario` applies
 * the rules (indices in range, at most f Byzantine, crashes only of honest nodes, partitions one
 * at a time inside the fault window), so every draw, shrunk or not, is a valid scenario.
 */
import { DEFAULT_PROTOCOL } from './defaults';
import type { ScenarioSpace } from './space';
import {
  maxFaulty,
  type BehaviourKind,
  type BehaviourSpec,
  type ByzantineSpec,
  type CrashSpec,
  type LatencySpec,
  type LinkSpec,
  type PartitionSpec,
  type Scenario,
} from './types';
import type { LeaderRule, VotesTo } from '../../reference/validator/options';

export interface ByzantineDraw {
  readonly node: number;
  readonly kinds: readonly BehaviourKind[];
  /** Parameter of a parametrised behaviour (replay age, slow delay), in [0, 1). */
  readonly param: number;
}

export interface PartitionDraw {
  /** Start and length as fractions of this partition's slot of the fault window. */
  readonly start: number;
  readonly length: number;
  readonly heals: boolean;
  /** The nodes cut off from the rest (one group; everyone else is the other). */
  readonly cut: readonly number[];
}

export interface CrashDraw {
  readonly node: number;
  /** Crash time as a fraction of the fault window. */
  readonly at: number;
  /** Milliseconds down before restarting; null: never restarts. */
  readonly downFor: number | null;
}

export interface ScenarioDraw {
  readonly seed: number;
  /** Who the validators' votes go to (absent: everyone). */
  readonly votesTo?: VotesTo;
  /** How leaders are chosen (absent: round robin). */
  readonly leaders?: LeaderRule;
  readonly nodes: number;
  readonly duration: number;
  /** Fraction of the run in which faults start. */
  readonly faultWindow: number;
  readonly rounds: number | null;
  readonly afterFaults: number | null;
  readonly byzantine: readonly ByzantineDraw[];
  readonly latency: LatencySpec;
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly links: readonly LinkSpec[];
  readonly partitions: readonly PartitionDraw[];
  readonly crashes: readonly CrashDraw[];
}

export function assembleScenario(d: ScenarioDraw): Scenario {
  const n = d.nodes;
  const byzantine = assembleByzantine(d.byzantine, n);
  const faulty = new Set(byzantine.map((b) => b.node));
  const window = Math.round(d.duration * d.faultWindow);
  return {
    seed: d.seed,
    nodes: n,
    byzantine,
    network: {
      latency: d.latency,
      loss: round3(d.loss),
      duplicate: round3(d.duplicate),
      reorder: Math.round(d.reorder),
      links: d.links
        .map((l) => ({ ...l, from: l.from % n, to: l.to % n }))
        .filter(
          (l, i, all) => l.from !== l.to && all.findIndex((m) => m.from === l.from && m.to === l.to) === i,
        ),
    },
    partitions: assemblePartitions(d.partitions, n, window),
    crashes: assembleCrashes(d.crashes, n, faulty, window),
    run: { duration: d.duration, rounds: d.rounds, afterFaults: d.afterFaults },
    protocol: {
      ...DEFAULT_PROTOCOL,
      ...(d.votesTo === undefined ? {} : { votesTo: d.votesTo }),
      ...(d.leaders === undefined ? {} : { leaders: d.leaders }),
    },
  };
}

function assembleByzantine(draws: readonly ByzantineDraw[], n: number): ByzantineSpec[] {
  const out: ByzantineSpec[] = [];
  for (const draw of draws) {
    const node = draw.node % n;
    if (out.length >= maxFaulty(n) || out.some((b) => b.node === node)) continue;
    const kinds = [...new Set(draw.kinds)];
    if (kinds.length === 0) continue;
    // Twins are a copy of an honest node: nothing else to combine with.
    const chosen = kinds.includes('twins') ? ['twins' as const] : kinds;
    out.push({ node, behaviours: chosen.map((k) => behaviourOf(k, draw.param)) });
  }
  return out.sort((a, b) => a.node - b.node);
}

/** A behaviour from its kind and a parameter in [0, 1). */
export function behaviourOf(kind: BehaviourKind, param: number): BehaviourSpec {
  switch (kind) {
    case 'stale-replayer':
      return { kind, age: 300 + Math.round(param * 1_700) };
    case 'slow':
      return { kind, delay: 50 + Math.round(param * 450) };
    case 'timeout-liar':
      return { kind, claim: param < 0.75 ? 'inflated' : 'deflated' };
    default:
      return { kind };
  }
}

function assemblePartitions(draws: readonly PartitionDraw[], n: number, window: number): PartitionSpec[] {
  // A partition that never heals is the last one.
  const neverHeals = draws.findIndex((p) => !p.heals);
  const kept = neverHeals < 0 ? draws : draws.slice(0, neverHeals + 1);
  const slot = window / Math.max(1, kept.length);
  return kept.flatMap((p, i) => {
    const cut = [...new Set(p.cut.map((x) => x % n))].sort((a, b) => a - b);
    if (cut.length === 0 || cut.length >= n) return [];
    const at = Math.round(slot * (i + p.start * 0.5));
    const heal = Math.min(Math.round(at + 100 + p.length * (slot * 0.5 - 100)), Math.floor(slot * (i + 1)));
    return [{ at, heal: p.heals ? Math.max(heal, at + 1) : null, groups: [cut] }];
  });
}

function assembleCrashes(
  draws: readonly CrashDraw[],
  n: number,
  faulty: ReadonlySet<number>,
  window: number,
): CrashSpec[] {
  const out: CrashSpec[] = [];
  for (const draw of draws) {
    const node = draw.node % n;
    if (faulty.has(node) || out.some((c) => c.node === node)) continue;
    const at = Math.round(draw.at * window);
    out.push({
      node,
      at,
      restart: draw.downFor === null ? null : at + Math.max(1, Math.round(draw.downFor)),
    });
  }
  return out.sort((a, b) => a.at - b.at || a.node - b.node);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** What shrinking a failing scenario found (the shrinking itself needs fast-check: `rx-consensus/fast-check`). */
export interface ShrinkResult {
  readonly scenario: Scenario;
  /** Simplifications kept. */
  readonly steps: number;
  /** Scenarios tried while shrinking. */
  readonly runs: number;
}

export interface ShrinkOptions {
  /** The space the scenario was drawn from (default `DEFAULT_SPACE`). */
  readonly space?: ScenarioSpace;
  /** Most candidates to try (default 100). */
  readonly shrinkRuns?: number;
}
