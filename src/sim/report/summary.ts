/**
 * The summary of one run as a plain object (what `--json` prints): the scenario's shape, the
 * verdict, the liveness figures, the evidence, and one line per node.
 */
import { describeStall } from '../check/stall';
import type { Verdict } from '../check/verdict';
import type { RunRecord } from '../record/types';
import { describeScenario, faultTypes, type FaultType } from '../scenario/faults';

export interface NodeRunSummary {
  readonly id: string;
  readonly lane: string;
  readonly role: 'honest' | 'byzantine';
  readonly behaviours: string;
  readonly finalRank: number;
  readonly finalizations: number;
  readonly downMs: number;
  readonly votes: number;
  readonly transitions: number;
  readonly rejected: number;
  readonly errors: number;
}

export interface RunSummary {
  readonly seed: number;
  readonly scenario: string;
  readonly faults: readonly FaultType[];
  readonly endedAt: number;
  readonly ok: boolean;
  readonly failures: readonly string[];
  readonly safetyViolations: number;
  readonly liveness: {
    readonly leadingRank: number;
    readonly commonRank: number;
    readonly ranksPerSecond: number;
    readonly longestStallMs: number;
    readonly finalStallMs: number;
    readonly promised: boolean;
    readonly lost: boolean;
    readonly reasons: readonly string[];
    readonly catchUps: readonly { node: string; cause: string; at: number; tookMs: number | null }[];
    /** Why progress stopped, when it was lost. */
    readonly stall: string | null;
  };
  readonly evidence: Verdict['evidence'];
  readonly network: RunRecord['network'];
  readonly nodes: readonly NodeRunSummary[];
}

export function summarizeRun(record: RunRecord, verdict: Verdict): RunSummary {
  const l = verdict.liveness;
  return {
    seed: record.scenario.seed,
    scenario: describeScenario(record.scenario),
    faults: faultTypes(record.scenario),
    endedAt: record.endedAt,
    ok: verdict.ok,
    failures: verdict.failures,
    safetyViolations: verdict.safety.length,
    liveness: {
      leadingRank: l.leadingRank,
      commonRank: l.commonRank,
      ranksPerSecond: round2(l.ranksPerSecond),
      longestStallMs: l.longestStall.length,
      finalStallMs: l.finalStall,
      promised: l.promised,
      lost: l.lost,
      reasons: l.reasons,
      catchUps: l.catchUps.map((c) => ({ node: c.node, cause: c.cause, at: c.at, tookMs: c.took })),
      stall: verdict.stall === null ? null : describeStall(verdict.stall),
    },
    evidence: verdict.evidence,
    network: record.network,
    nodes: record.nodes.map((n) => ({
      id: n.id,
      lane: n.lane,
      role: n.role,
      behaviours: n.behaviours.join('+') || '-',
      finalRank: Math.max(-1, ...n.finalizations.map((f) => f.rank)),
      finalizations: n.finalizations.length,
      downMs: n.downtime.reduce((sum, d) => sum + ((d.to ?? record.endedAt) - d.from), 0),
      votes: n.votes.length,
      transitions: n.transitions.length,
      rejected: Object.values(n.rejections).reduce((a, b) => a + b, 0),
      errors: n.errors.length,
    })),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
