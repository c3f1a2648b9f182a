/** The text report of a campaign: totals, failures, and liveness figures per fault type. */
import { textTable } from '../report/table';
import type { CampaignTally, FaultSamples } from './tally';

export interface FaultRow {
  readonly fault: string;
  readonly scenarios: number;
  readonly promised: number;
  readonly lost: number;
  readonly ranksPerSecondMedian: number;
  readonly ranksPerSecondP10: number;
  readonly stallMedianMs: number;
  readonly stallP95Ms: number;
  readonly stallMaxMs: number;
  readonly catchUps: number;
  readonly catchUpMedianMs: number | null;
  readonly catchUpP95Ms: number | null;
  readonly neverCaughtUp: number;
  readonly lostSeeds: readonly number[];
}

/** One row per fault type: over every scenario with it, or (`alone`) over those with no other fault. */
export function faultRows(tally: CampaignTally, which: 'byFault' | 'alone' = 'byFault'): FaultRow[] {
  return Object.entries(tally[which])
    .map(([fault, s]) => faultRow(fault, s))
    .sort((a, b) => b.scenarios - a.scenarios);
}

function faultRow(fault: string, s: FaultSamples): FaultRow {
  return {
    fault,
    scenarios: s.scenarios,
    promised: s.promised,
    lost: s.lost,
    ranksPerSecondMedian: quantile(s.ranksPerSecond, 0.5) ?? 0,
    ranksPerSecondP10: quantile(s.ranksPerSecond, 0.1) ?? 0,
    stallMedianMs: quantile(s.longestStallMs, 0.5) ?? 0,
    stallP95Ms: quantile(s.longestStallMs, 0.95) ?? 0,
    stallMaxMs: Math.max(0, ...s.longestStallMs),
    catchUps: s.catchUpMs.length + s.neverCaughtUp,
    catchUpMedianMs: quantile(s.catchUpMs, 0.5),
    catchUpP95Ms: quantile(s.catchUpMs, 0.95),
    neverCaughtUp: s.neverCaughtUp,
    lostSeeds: s.lostSeeds,
  };
}

export function formatCampaign(tally: CampaignTally): string {
  return [
    `scenarios run        ${tally.scenarios} in ${(tally.elapsedMs / 1000).toFixed(1)} s`,
    `safety violations    ${tally.safetyViolations}`,
    `failed scenarios     ${tally.failed.length}`,
    `liveness lost        ${tally.livenessLost} (while n − f honest nodes were up and connected)${
      tally.livenessLost > 0
        ? `: ${Object.entries(tally.mechanisms)
            .map(([m, count]) => `${m} ${count}`)
            .join(', ')}`
        : ''
    }`,
    '',
    'every scenario with the fault:',
    faultTable(faultRows(tally, 'byFault')),
    '',
    'scenarios with that fault and no other:',
    faultTable(faultRows(tally, 'alone')),
  ].join('\n');
}

export function faultTable(rows: readonly FaultRow[]): string {
  return textTable(
    [
      'fault',
      'runs',
      'promised',
      'lost',
      'ranks/s p50',
      'p10',
      'stall p50 ms',
      'p95',
      'max',
      'catch-ups',
      'p50 ms',
      'p95 ms',
      'never',
      'lost seeds',
    ],
    rows.map((r) => [
      r.fault,
      r.scenarios,
      r.promised,
      r.lost,
      r.ranksPerSecondMedian,
      r.ranksPerSecondP10,
      r.stallMedianMs,
      r.stallP95Ms,
      r.stallMaxMs,
      r.catchUps,
      r.catchUpMedianMs ?? '-',
      r.catchUpP95Ms ?? '-',
      r.neverCaughtUp,
      r.lostSeeds.join(' ') || '-',
    ]),
  );
}

/** The q-quantile (nearest rank) of `xs`, or null when empty. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
