/** The end of a demo run: a table per node (what it finalized, voted, refused and why) and the verdict. */
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { NetworkRun } from '../network';
import { wantsColor, type Output } from './io';

export function writeSummary(run: NetworkRun, out: Output): void {
  const c = createColors(wantsColor(out));
  const table = new Table({
    head: ['node', 'role', 'behaviour', 'rank', 'transitions', 'refused', 'refused because', 'errors'].map(
      (h) => c.bold(h),
    ),
    style: { head: [], border: [], compact: true },
  });
  for (const n of run.summary.nodes) {
    const reasons = Object.entries(n.rejectedByReason)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    const machine = n.transitions > 0;
    table.push([
      n.lane,
      n.role === 'byzantine' ? c.red(n.role) : c.green(n.role),
      n.behaviours,
      machine ? n.finalRank : '-',
      machine ? n.transitions : '-',
      n.rejected,
      reasons === '' ? '-' : reasons,
      n.errors,
    ]);
  }
  out.write(`${table.toString()}\n`);
  out.write(`${verdictLines(run, c).join('\n')}\n`);
}

function verdictLines(run: NetworkRun, c: ReturnType<typeof createColors>): string[] {
  const { summary, verdict } = run;
  const honestDoubles = verdict.safety.filter((v) => v.kind === 'double_vote').length;
  const byzantineDoubles = summary.evidence.signedConflicts.reduce((sum, s) => sum + s.doubleVoteRanks, 0);
  const yes = (ok: boolean): string => (ok ? c.green(c.bold('yes')) : c.red(c.bold('NO')));
  const time =
    run.options.time === 'virtual'
      ? `${run.runMs} ms virtual (${Math.round(run.wallMs)} ms of wall clock)`
      : `${(run.wallMs / 1000).toFixed(1)} s`;
  const byzantine = summary.nodes
    .filter((n) => n.role === 'byzantine')
    .map((n) => `${n.lane} (${n.behaviours})`);
  return [
    `Byzantine: ${byzantine.length === 0 ? 'none' : byzantine.join(', ')}`,
    `Honest nodes agree on every rank (up to rank ${summary.liveness.leadingRank}): ${yes(run.agree)}`,
    `Every honest node reached rank ${run.options.rounds}: ${yes(run.reached)}`,
    `Double votes by honest nodes: ${honestDoubles === 0 ? 'none' : c.red(String(honestDoubles))}; by Byzantine nodes: ${byzantineDoubles}`,
    `Run time: ${time}`,
    ...verdict.failures.slice(0, 5).map((f) => c.red(`  ${f}`)),
  ];
}
