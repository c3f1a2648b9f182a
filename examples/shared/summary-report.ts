/** The end of a demo run: a table per node (what it finalized, made, refused and why) and the verdict. */
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { NetworkRun } from '../network';
import { wantsColor, type Output } from './io';

export function writeSummary(run: NetworkRun, out: Output): void {
  const c = createColors(wantsColor(out));
  const table = new Table({
    head: ['node', 'role', 'ranks finalized', 'transitions', 'refused', 'refused because', 'errors'].map(
      (h) => c.bold(h),
    ),
    style: { head: [], border: [], compact: true },
  });
  for (const n of run.summary.nodes) {
    const reasons = Object.entries(n.rejectedByReason)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    table.push([
      n.node,
      n.faulty ? c.red('byzantine') : c.green(n.behaviour),
      n.faulty && n.state === null ? '-' : n.ranksFinalized,
      n.faulty && n.state === null ? '-' : n.transitions,
      n.rejected,
      reasons === '' ? '-' : reasons,
      n.errors,
    ]);
  }
  out.write(`${table.toString()}\n`);
  out.write(`${verdictLines(run, c).join('\n')}\n`);
}

function verdictLines(run: NetworkRun, c: ReturnType<typeof createColors>): string[] {
  const { agreement, doubleVotes, nodes } = run.summary;
  const honest = new Set(nodes.filter((n) => !n.faulty).map((n) => n.id));
  const honestDoubles = doubleVotes.filter((d) => honest.has(d.validator)).length;
  const yes = (ok: boolean): string => (ok ? c.green(c.bold('yes')) : c.red(c.bold('NO')));
  const time =
    run.options.time === 'virtual'
      ? `${run.runMs} ms virtual (${Math.round(run.wallMs)} ms of wall clock)`
      : `${(run.wallMs / 1000).toFixed(1)} s`;
  const byzantine = nodes.filter((n) => n.faulty).map((n) => `${n.node} (${n.behaviour})`);
  const lines = [
    `Byzantine: ${byzantine.length === 0 ? 'none' : byzantine.join(', ')}`,
    `Honest nodes agree on every rank (${agreement.comparedRanks} ranks compared): ${yes(run.agree)}`,
    `Every honest node reached rank ${run.options.rounds}: ${yes(run.reached)}`,
    `Double votes by honest nodes: ${honestDoubles === 0 ? 'none' : c.red(String(honestDoubles))}; by Byzantine nodes: ${doubleVotes.length - honestDoubles}`,
    `Run time: ${time}`,
  ];
  for (const conflict of agreement.conflicts.slice(0, 5)) {
    lines.push(c.red(`  rank ${conflict.rank}: ${JSON.stringify(conflict.frames)}`));
  }
  return lines;
}
