/**
 * A campaign's running tally: per fault type, the raw liveness samples of every scenario that had
 * it (plain arrays, so tallies from parallel workers merge by concatenation), the same for
 * scenarios with that fault alone, and the seeds of every failure and of runs that lost liveness
 * while it was promised.
 */
import { describeStall, type StallMechanism } from '../../../sim/check/stall';
import type { RunVerdict } from '../../../sim/check/verdict';
import { describeScenario, faultTypes, type FaultType } from '../../../sim/scenario/faults';
import type { Scenario } from '../../../sim/scenario/types';

export interface FaultSamples {
  scenarios: number;
  /** Liveness was promised at the end (≥ n − f honest nodes up and connected). */
  promised: number;
  /** Lost while promised. */
  lost: number;
  ranksPerSecond: number[];
  longestStallMs: number[];
  /** Catch-up times of healed or restarted nodes that caught up. */
  catchUpMs: number[];
  neverCaughtUp: number;
  /** Up to a few seeds of lost-liveness runs with this fault. */
  lostSeeds: number[];
}

export interface FailedRun {
  readonly seed: number;
  readonly scenario: string;
  readonly failures: readonly string[];
}

export interface LostRun {
  readonly seed: number;
  readonly scenario: string;
  readonly faults: readonly FaultType[];
  readonly reasons: readonly string[];
  /** Where the connected honest nodes were at the end (state → count), and the ranks reached. */
  readonly endStates: Readonly<Record<string, number>>;
  readonly leadingRank: number;
  readonly commonRank: number;
  readonly mechanism: StallMechanism;
  readonly stall: string;
}

export interface CampaignTally {
  scenarios: number;
  safetyViolations: number;
  failed: FailedRun[];
  /** Runs that lost liveness while it was promised; `lost` keeps the first few hundred of them. */
  livenessLost: number;
  /** Lost runs by the mechanism of their stall. */
  mechanisms: Partial<Record<StallMechanism, number>>;
  lost: LostRun[];
  byFault: Record<string, FaultSamples>;
  /** The same as `byFault`, for scenarios with that fault and no other. */
  alone: Record<string, FaultSamples>;
  elapsedMs: number;
}

const KEEP_SEEDS = 5;
const KEEP_LOST = 500;

export const emptyTally = (): CampaignTally => ({
  scenarios: 0,
  safetyViolations: 0,
  failed: [],
  livenessLost: 0,
  mechanisms: {},
  lost: [],
  byFault: {},
  alone: {},
  elapsedMs: 0,
});

const emptySamples = (): FaultSamples => ({
  scenarios: 0,
  promised: 0,
  lost: 0,
  ranksPerSecond: [],
  longestStallMs: [],
  catchUpMs: [],
  neverCaughtUp: 0,
  lostSeeds: [],
});

export function addRun(tally: CampaignTally, scenario: Scenario, verdict: RunVerdict): void {
  tally.scenarios++;
  tally.safetyViolations += verdict.safety.length;
  if (!verdict.ok)
    tally.failed.push({
      seed: scenario.seed,
      scenario: describeScenario(scenario),
      failures: verdict.failures,
    });
  const l = verdict.liveness;
  const faults = faultTypes(scenario);
  if (l.lost) tally.livenessLost++;
  const stall = verdict.stall;
  if (stall !== null) tally.mechanisms[stall.mechanism] = (tally.mechanisms[stall.mechanism] ?? 0) + 1;
  if (l.lost && tally.lost.length < KEEP_LOST)
    tally.lost.push({
      seed: scenario.seed,
      scenario: describeScenario(scenario),
      faults,
      reasons: l.reasons,
      endStates: l.endStates,
      leadingRank: l.leadingRank,
      commonRank: l.commonRank,
      mechanism: stall?.mechanism ?? 'unknown',
      stall: stall === null ? '' : describeStall(stall),
    });
  for (const fault of faults) addSamples((tally.byFault[fault] ??= emptySamples()), scenario.seed, verdict);
  if (faults.length === 1) addSamples((tally.alone[faults[0]!] ??= emptySamples()), scenario.seed, verdict);
}

function addSamples(s: FaultSamples, seed: number, verdict: RunVerdict): void {
  const l = verdict.liveness;
  s.scenarios++;
  if (l.promised) s.promised++;
  if (l.lost) {
    s.lost++;
    if (s.lostSeeds.length < KEEP_SEEDS) s.lostSeeds.push(seed);
  }
  s.ranksPerSecond.push(Math.round(l.ranksPerSecond * 100) / 100);
  s.longestStallMs.push(Math.round(l.longestStall.length));
  for (const c of l.catchUps) {
    if (c.took === null) s.neverCaughtUp++;
    else s.catchUpMs.push(Math.round(c.took));
  }
}

export function mergeTallies(a: CampaignTally, b: CampaignTally): CampaignTally {
  return {
    scenarios: a.scenarios + b.scenarios,
    safetyViolations: a.safetyViolations + b.safetyViolations,
    failed: [...a.failed, ...b.failed],
    livenessLost: a.livenessLost + b.livenessLost,
    mechanisms: Object.fromEntries(
      [...new Set([...Object.keys(a.mechanisms), ...Object.keys(b.mechanisms)])].map((k) => [
        k,
        (a.mechanisms[k as StallMechanism] ?? 0) + (b.mechanisms[k as StallMechanism] ?? 0),
      ]),
    ),
    lost: [...a.lost, ...b.lost].sort((x, y) => x.seed - y.seed).slice(0, KEEP_LOST),
    byFault: mergeSamples(a.byFault, b.byFault),
    alone: mergeSamples(a.alone, b.alone),
    elapsedMs: Math.max(a.elapsedMs, b.elapsedMs),
  };
}

function mergeSamples(
  a: Readonly<Record<string, FaultSamples>>,
  b: Readonly<Record<string, FaultSamples>>,
): Record<string, FaultSamples> {
  const out: Record<string, FaultSamples> = { ...a };
  for (const [fault, s] of Object.entries(b)) {
    const t = out[fault];
    out[fault] =
      t === undefined
        ? s
        : {
            scenarios: t.scenarios + s.scenarios,
            promised: t.promised + s.promised,
            lost: t.lost + s.lost,
            ranksPerSecond: [...t.ranksPerSecond, ...s.ranksPerSecond],
            longestStallMs: [...t.longestStallMs, ...s.longestStallMs],
            catchUpMs: [...t.catchUpMs, ...s.catchUpMs],
            neverCaughtUp: t.neverCaughtUp + s.neverCaughtUp,
            lostSeeds: [...t.lostSeeds, ...s.lostSeeds].sort((x, y) => x - y).slice(0, KEEP_SEEDS),
          };
  }
  return out;
}
