/**
 * The self-contained HTML report of one run (`--html FILE`): the verdict, the SVG timeline, the
 * liveness figures, evidence, and the scenario as JSON to replay. No scripts, fonts or other
 * external assets: the file can be mailed or attached to an issue as it is.
 */
import type { RunVerdict } from '../../../sim/check/verdict';
import type { RunRecord } from '../../../sim/record/types';
import { escapeXml as x } from './escape';
import { summarizeRun } from '../../../sim/run/summary';
import { renderTimeline } from './svg-timeline';
import { formatRunReport } from './text';

export function renderHtml(
  record: RunRecord,
  verdict: RunVerdict,
  title = 'rx-consensus simulation',
): string {
  const summary = summarizeRun(record, verdict);
  const status = summary.ok
    ? '<span class="ok">every checked property held</span>' +
      (summary.liveness.lost
        ? ` <span class="warn">— liveness lost: ${x(summary.liveness.reasons.join('; '))}</span>`
        : '')
    : '<span class="bad">FAILED</span>';
  const nodeRows = summary.nodes
    .map(
      (n) =>
        `<tr class="${n.role}"><td>${x(n.lane)}</td><td>${n.role}</td><td>${x(n.behaviours)}</td><td>${n.finalRank}</td>` +
        `<td>${n.finalizations}</td><td>${n.downMs}</td><td>${n.votes}</td><td>${n.transitions}</td><td>${n.rejected}</td><td>${n.errors}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${x(title)} — seed ${summary.seed}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #212121; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.ok { color: #2e7d32; font-weight: 600; } .bad { color: #c62828; font-weight: 600; } .warn { color: #e65100; }
.timeline { overflow-x: auto; border: 1px solid #e0e0e0; }
table { border-collapse: collapse; } td, th { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
tr.byzantine td:first-child { color: #c62828; }
pre { background: #fafafa; border: 1px solid #eee; padding: 8px; overflow-x: auto; font-size: 12px; }
</style></head><body>
<h1>${x(title)}</h1>
<p><code>${x(summary.scenario)}</code><br>${status}</p>
${summary.failures.length > 0 ? `<ul>${summary.failures.map((f) => `<li class="bad">${x(f)}</li>`).join('')}</ul>` : ''}
<h2>Timeline</h2>
<div class="timeline">${renderTimeline(record, { stall: verdict.liveness.longestStall })}</div>
<h2>Nodes</h2>
<table><thead><tr><th>node</th><th>role</th><th>behaviour</th><th>rank</th><th>finalizations</th><th>down ms</th><th>votes</th><th>transitions</th><th>rejected</th><th>errors</th></tr></thead>
<tbody>
${nodeRows}
</tbody></table>
<h2>Report</h2>
<pre>${x(formatRunReport(summary))}</pre>
<details><summary>Scenario (JSON, replay with <code>npm run simulate -- --replay FILE</code>)</summary>
<pre>${x(JSON.stringify(record.scenario, null, 2))}</pre></details>
</body></html>
`;
}
