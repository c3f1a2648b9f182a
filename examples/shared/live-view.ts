/**
 * Showing the network while it runs. On a terminal in real time: a per-node table redrawn in place
 * a few times a second (log-update, cli-table3, picocolors). Otherwise: one plain line each time
 * every honest node has finalized one more rank, so logs and pipes stay readable.
 */
import logUpdate from 'log-update';
import Table from 'cli-table3';
import { createColors } from 'picocolors';
import type { Cluster } from 'rx-consensus/sim';
import { wantsColor, type Output } from './io';
import { nodeStatuses } from './node-status';

const REDRAW_MS = 150;

/** Attach the right view to `cluster`; returns its teardown. */
export function watchNetwork(cluster: Cluster, out: Output, target: number, live: boolean): () => void {
  return live ? liveTable(cluster, out, target) : progressLines(cluster, out, target);
}

function liveTable(cluster: Cluster, out: Output, target: number): () => void {
  const c = createColors(wantsColor(out));
  const render = logUpdate.create(out as NodeJS.WritableStream);
  const started = cluster.now();
  const draw = (): void => {
    const table = new Table({
      head: ['node', 'role', 'state', 'round', 'leader', 'votes', 'final', 'refused', 'sent'].map((h) =>
        c.bold(h),
      ),
      style: { head: [], border: [], compact: true },
    });
    for (const s of nodeStatuses(cluster)) {
      const role = s.faulty ? c.red('byzantine') : c.green(s.role);
      table.push([
        s.node,
        role,
        s.state,
        s.round ?? '-',
        s.leader ?? '-',
        s.votes ?? '-',
        s.finalized,
        s.refused,
        s.sent,
      ]);
    }
    const seconds = ((cluster.now() - started) / 1000).toFixed(1);
    const progress = Math.max(0, cluster.progress());
    const agree = cluster.safety().length === 0 ? c.green('agree so far') : c.red('DISAGREE');
    render(
      `${c.bold('rx-consensus demo')}  ${seconds}s  rank ${progress}/${target}  ${agree}\n${table.toString()}`,
    );
  };
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  return () => {
    clearInterval(timer);
    draw();
    render.done();
  };
}

function progressLines(cluster: Cluster, out: Output, target: number): () => void {
  const started = cluster.now();
  let shown = 0;
  const subscription = cluster.events$.subscribe((event) => {
    if (event.kind !== 'finalized') return;
    const rank = cluster.progress();
    if (rank <= shown) return;
    shown = rank;
    const refused = cluster.nodes.reduce((sum, n) => sum + n.log.rejected, 0);
    const seconds = ((cluster.now() - started) / 1000).toFixed(3).padStart(7);
    const frame = event.frame.id.slice(0, 8);
    out.write(
      `${seconds}s  rank ${String(rank).padStart(String(target).length)}/${target} final on every honest node` +
        `  frame ${frame}  by ${event.frame.proposer}  refused so far ${refused}\n`,
    );
  });
  return () => subscription.unsubscribe();
}
