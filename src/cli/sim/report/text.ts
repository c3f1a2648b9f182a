/** The readable text report of one run: verdict, liveness figures, evidence and a table of nodes. */
import type { RunSummary } from '../../../sim/run/summary';
import { textTable } from './table';

export function formatRunReport(s: RunSummary): string {
  const l = s.liveness;
  const lines = [
    `scenario  ${s.scenario}`,
    `faults    ${s.faults.join(', ')}`,
    `verdict   ${s.ok ? 'OK: every checked property held' : `FAILED (${s.failures.length})`}${
      s.ok && s.liveness.lost ? ' (liveness was lost, but was not a checked property)' : ''
    }`,
    ...s.failures.map((f) => `  - ${f}`),
    `safety    ${s.safetyViolations === 0 ? 'held' : `${s.safetyViolations} violation(s)`}`,
    `liveness  rank ${l.leadingRank} (all connected honest nodes: ${l.commonRank}) in ${s.endedAt} ms = ${l.ranksPerSecond} ranks/s; ` +
      `longest stall ${l.longestStallMs} ms; ${l.promised ? 'promised' : 'not promised (fewer than n − f honest nodes connected at the end)'}` +
      (l.lost ? `; LOST: ${l.reasons.join('; ')}` : ''),
    ...(l.stall === null ? [] : [`stall     ${l.stall}`]),
    ...l.catchUps.map(
      (c) =>
        `  catch-up  ${c.node} after ${c.cause} at ${c.at} ms: ${c.tookMs === null ? 'never' : `${c.tookMs} ms`}`,
    ),
    `network   ${s.network.sent} sent, ${s.network.delivered} delivered, ${s.network.dropped} dropped, ${s.network.duplicated} duplicated`,
    '',
    textTable(
      [
        'node',
        'role',
        'behaviour',
        'rank',
        'finals',
        'down ms',
        'votes',
        'transitions',
        'rejected',
        'errors',
      ],
      s.nodes.map((n) => [
        n.lane,
        n.role,
        n.behaviours,
        n.finalRank,
        n.finalizations,
        n.downMs,
        n.votes,
        n.transitions,
        n.rejected,
        n.errors,
      ]),
    ),
  ];
  if (s.evidence.against.length > 0) {
    lines.push(
      '',
      textTable(
        ['evidence against', 'role', 'kinds', 'proven equivocations', 'seen by'],
        s.evidence.against.map((e) => [
          e.node,
          e.role,
          Object.entries(e.byKind)
            .map(([k, v]) => `${k}:${v}`)
            .join(' '),
          e.provenEquivocations,
          e.observers.join(','),
        ]),
      ),
    );
  }
  for (const c of s.evidence.signedConflicts)
    lines.push(
      `signed by faulty ${c.validator}: two different votes at ${c.doubleVoteRanks} rank(s) (seen by the simulator)`,
    );
  const unattributed = Object.entries(s.evidence.unattributed);
  if (unattributed.length > 0)
    lines.push(`unattributed refusals: ${unattributed.map(([k, v]) => `${k}:${v}`).join(' ')}`);
  return lines.join('\n');
}
