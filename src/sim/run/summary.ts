/**
 * The summary of one run as plain data (what `--json` prints, what reports show): the scenario's
 * shape, the verdict, the liveness figures, the evidence, and one line per node.
 */
import { describeStall } from '../check/stall';
import type { RunVerdict } from '../check/verdict';
import type { RunRecord } from '../record/types';
import { describeScenario, faultTypes } from '../scenario/faults';

/** The summary's shape is the one `summarizeRun` builds (written once, there). */
export type RunSummary = ReturnType<typeof summarizeRun>;
export type NodeRunSummary = RunSummary['nodes'][number];

export function summarizeRun(record: RunRecord, verdict: RunVerdict) {
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
      /** Why progress stopped, when it was lost. */
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
      /** Rejections by reason (reasons with none left out). */
      rejectedByReason: n.rejections,
      errors: n.errors.length,
    })),
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
