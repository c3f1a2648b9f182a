/**
 * The picture of a run: an SVG timeline, finalized rank per validator over time (one line each),
 * each fault a shaded band across the rows of the validators it touched, labelled with its kind.
 * A stall or a validator that fell behind shows as a flat line where the others climb.
 */
import type { HistoryEvent } from './history';
import { faultIntervals, ranksOf } from './timeline';

const WIDTH = 1200;
const PLOT = { left: 60, right: 20, top: 30, bottom: 40 };
const LANE = 14;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const FAULT_COLORS: Readonly<Record<string, string>> = {
  partition: '#f4a261',
  isolate: '#e76f51',
  kill: '#9d0208',
  pause: '#6a4c93',
  link: '#2a9d8f',
  'disk-full': '#8d99ae',
};

export function timelineSvg(history: readonly HistoryEvent[], title: string): string {
  const start = history.find((e) => e.type === 'start');
  const nodes = start?.type === 'start' ? start.nodes : [];
  const end = Math.max(1, ...history.map((e) => e.t));
  const ranks = ranksOf(history);
  const maxRank = Math.max(1, ...ranks.map((r) => r.finalizedRank));
  const faults = faultIntervals(history, end);
  const lanesTop = PLOT.top;
  const plotTop = lanesTop + nodes.length * LANE + 10;
  const height = plotTop + 360 + PLOT.bottom;
  const plotBottom = height - PLOT.bottom;
  const x = (t: number): number => PLOT.left + (t / end) * (WIDTH - PLOT.left - PLOT.right);
  const y = (rank: number): number => plotBottom - (Math.max(0, rank) / maxRank) * (plotBottom - plotTop);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PLOT.left}" y="18" font-size="13">${escape(title)}</text>`,
  ];
  // One lane per validator: the faults that touched it.
  nodes.forEach((node, i) => {
    const top = lanesTop + i * LANE;
    out.push(`<text x="${PLOT.left - 6}" y="${top + 10}" text-anchor="end">${escape(node)}</text>`);
    for (const f of faults.filter((f) => f.nodes.includes(node))) {
      out.push(
        `<rect x="${x(f.from).toFixed(1)}" y="${top + 1}" width="${Math.max(1, x(f.to) - x(f.from)).toFixed(1)}" height="${LANE - 2}" fill="${FAULT_COLORS[f.kind] ?? '#999'}"><title>#${f.id} ${f.kind}: ${escape(f.detail)}</title></rect>`,
      );
    }
  });
  // Every fault shaded over the rank plot.
  for (const f of faults)
    out.push(
      `<rect x="${x(f.from).toFixed(1)}" y="${plotTop}" width="${Math.max(1, x(f.to) - x(f.from)).toFixed(1)}" height="${plotBottom - plotTop}" fill="${FAULT_COLORS[f.kind] ?? '#999'}" opacity="0.15"/>`,
    );
  out.push(
    `<line x1="${PLOT.left}" y1="${plotBottom}" x2="${WIDTH - PLOT.right}" y2="${plotBottom}" stroke="black"/>`,
    `<line x1="${PLOT.left}" y1="${plotTop}" x2="${PLOT.left}" y2="${plotBottom}" stroke="black"/>`,
    `<text x="${PLOT.left - 6}" y="${plotTop + 4}" text-anchor="end">${maxRank}</text>`,
    `<text x="${PLOT.left - 6}" y="${plotBottom}" text-anchor="end">0</text>`,
    `<text x="${WIDTH / 2}" y="${height - 8}" text-anchor="middle">seconds (finalized rank per validator; bands: faults)</text>`,
  );
  for (let s = 0; s <= end / 1000; s += Math.max(1, Math.round(end / 1000 / 12)))
    out.push(`<text x="${x(s * 1000).toFixed(1)}" y="${plotBottom + 14}" text-anchor="middle">${s}</text>`);
  nodes.forEach((node, i) => {
    const points = ranks.filter((r) => r.node === node);
    if (points.length === 0) return;
    const path = points.map(
      (p, k) =>
        `${k === 0 ? 'M' : 'H'}${x(p.t).toFixed(1)}${k === 0 ? `,${y(p.finalizedRank).toFixed(1)}` : ` V${y(p.finalizedRank).toFixed(1)}`}`,
    );
    out.push(
      `<path d="${path.join(' ')}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5"/>`,
    );
    out.push(
      `<text x="${WIDTH - PLOT.right - 4}" y="${plotTop + 12 + i * 12}" text-anchor="end" fill="${COLORS[i % COLORS.length]}">${escape(node)}</text>`,
    );
  });
  let legend = PLOT.left;
  for (const [kind, color] of Object.entries(FAULT_COLORS)) {
    out.push(
      `<rect x="${legend + 200}" y="8" width="10" height="10" fill="${color}"/><text x="${legend + 214}" y="17">${kind}</text>`,
    );
    legend += 80;
  }
  out.push('</svg>');
  return out.join('\n');
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
