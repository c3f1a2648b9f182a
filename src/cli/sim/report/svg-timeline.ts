/**
 * The SVG timeline of a run: one lane per node, its machine states as coloured bands over virtual
 * time, finalizations marked with their rank, downtime hatched, partitions shaded across every
 * lane, and the longest stall underlined on the time axis. Every mark has a tooltip.
 */
import type { Stall } from '../../../sim/check/liveness';
import type { NodeRecord, RunRecord } from '../../../sim/record/types';
import { LEGEND_STATES, STATE_COLORS } from './colors';
import { escapeXml as x } from './escape';

const LABEL = 190;
const LANE = 28;
const BAND = 16;
const TOP = 34;
const RIGHT = 20;

export interface TimelineOptions {
  /** Width of the drawing in pixels (default 1200). */
  readonly width?: number;
  /** A stall to underline on the time axis (the report passes the longest one the liveness check found). */
  readonly stall?: Stall;
}

export function renderTimeline(record: RunRecord, options: TimelineOptions = {}): string {
  const plot = Math.max(200, (options.width ?? 1200) - LABEL - RIGHT);
  const end = Math.max(1, record.endedAt);
  const at = (t: number): number => LABEL + (Math.min(Math.max(t, 0), end) / end) * plot;
  const lanesHeight = record.nodes.length * LANE;
  const axisY = TOP + lanesHeight + 6;
  const legendY = axisY + 34;
  const height = legendY + 26;
  const width = LABEL + plot + RIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    defs(),
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  record.nodes.forEach((node, i) => parts.push(lane(node, TOP + i * LANE, at, end)));
  // Partitions go over the lanes, translucent, so the bands under them stay readable.
  record.partitions.forEach((p, i) => {
    const x0 = at(p.from);
    const x1 = at(p.to ?? end);
    const groups = p.groups.map((g) => `{${g.join(',')}}`).join(' | ');
    parts.push(
      `<g><title>${x(`partition ${groups} | rest, ${p.from}–${p.to === null ? 'never healed' : `${p.to} ms`}`)}</title>` +
        `<rect x="${f(x0)}" y="${TOP - 14}" width="${f(Math.max(1, x1 - x0))}" height="${lanesHeight + 14}" fill="url(#partition)" stroke="#5c6bc0" stroke-dasharray="3 3"/>` +
        `<text x="${f(x0 + 3)}" y="${TOP - 4}" fill="#3949ab">${x(`partition ${i + 1}: ${groups}`)}</text></g>`,
    );
  });
  parts.push(axis(axisY, end, at, plot));
  if (options.stall !== undefined && options.stall.length > 0) {
    const s = options.stall;
    parts.push(
      `<g><title>${x(`longest stall: ${s.length} ms with no new rank after rank ${s.rank} (${s.from}–${s.to} ms)`)}</title>` +
        `<rect x="${f(at(s.from))}" y="${axisY - 4}" width="${f(Math.max(1, at(s.to) - at(s.from)))}" height="4" fill="#d32f2f"/></g>`,
    );
  }
  parts.push(legend(legendY), '</svg>');
  return parts.join('\n');
}

function lane(node: NodeRecord, y: number, at: (t: number) => number, end: number): string {
  const bandY = y + (LANE - BAND) / 2;
  const out: string[] = [`<g class="lane" data-node="${x(node.lane)}">`];
  const label = node.role === 'byzantine' ? `${node.lane} ⚠ ${node.behaviours.join('+')}` : node.lane;
  out.push(
    `<text x="6" y="${bandY + BAND - 4}" fill="${node.role === 'byzantine' ? '#c62828' : '#212121'}">${x(truncate(label, 30))}</text>`,
    `<line x1="${LABEL}" x2="${f(at(end))}" y1="${y + LANE - 1}" y2="${y + LANE - 1}" stroke="#eee"/>`,
  );
  if (node.states.length === 0) {
    out.push(
      `<rect x="${LABEL}" y="${bandY}" width="${f(at(end) - LABEL)}" height="${BAND}" fill="url(#byzantine)"><title>${x(`${node.lane}: ${node.behaviours.join('+') || 'no machine'} (no state machine)`)}</title></rect>`,
    );
  }
  for (const s of node.states) {
    const x0 = at(s.from);
    const w = at(s.to) - x0;
    if (w <= 0) continue;
    out.push(
      `<rect x="${f(x0)}" y="${bandY}" width="${f(Math.max(w, 0.4))}" height="${BAND}" fill="${STATE_COLORS[s.state]}"><title>${x(`${node.lane} ${s.state} ${s.from}–${s.to} ms`)}</title></rect>`,
    );
  }
  for (const d of node.downtime) {
    const x0 = at(d.from);
    const x1 = at(d.to ?? end);
    out.push(
      `<rect x="${f(x0)}" y="${y + 2}" width="${f(Math.max(1, x1 - x0))}" height="${LANE - 4}" fill="url(#crash)" stroke="#424242"><title>${x(`${node.lane} down ${d.from}–${d.to === null ? 'end (never restarted)' : `${d.to} ms`}`)}</title></rect>`,
    );
  }
  let lastLabelX = -Infinity;
  for (const fin of node.finalizations) {
    if (fin.rank === 0) continue;
    const fx = at(fin.at);
    out.push(
      `<path d="M${f(fx)} ${bandY - 1} l-3 -4 h6 z" fill="#000"><title>${x(`${node.lane} finalized rank ${fin.rank} (${fin.frameId.slice(0, 16)}…) at ${fin.at} ms`)}</title></path>`,
    );
    if (fx - lastLabelX > 18) {
      out.push(`<text x="${f(fx + 2)}" y="${bandY + BAND + 9}" font-size="8" fill="#555">${fin.rank}</text>`);
      lastLabelX = fx;
    }
  }
  out.push('</g>');
  return out.join('\n');
}

function axis(y: number, end: number, at: (t: number) => number, plot: number): string {
  const step = niceStep(end / Math.max(2, Math.floor(plot / 90)));
  const out = [`<line x1="${LABEL}" x2="${f(at(end))}" y1="${y}" y2="${y}" stroke="#424242"/>`];
  for (let t = 0; t <= end; t += step) {
    out.push(
      `<line x1="${f(at(t))}" x2="${f(at(t))}" y1="${y}" y2="${y + 4}" stroke="#424242"/>`,
      `<text x="${f(at(t))}" y="${y + 15}" text-anchor="middle">${t >= 1000 ? `${t / 1000} s` : `${t} ms`}</text>`,
    );
  }
  return out.join('\n');
}

function legend(y: number): string {
  const items: string[] = [];
  let cx = 6;
  for (const state of LEGEND_STATES) {
    items.push(
      `<rect x="${cx}" y="${y}" width="12" height="12" fill="${STATE_COLORS[state]}"/><text x="${cx + 16}" y="${y + 10}">${state}</text>`,
    );
    cx += 22 + state.length * 6.2;
  }
  items.push(
    `<rect x="${cx}" y="${y}" width="12" height="12" fill="url(#crash)" stroke="#424242"/><text x="${cx + 16}" y="${y + 10}">down</text>`,
    `<rect x="${cx + 60}" y="${y}" width="12" height="12" fill="url(#partition)" stroke="#5c6bc0"/><text x="${cx + 76}" y="${y + 10}">partition</text>`,
    `<path d="M${cx + 150} ${y + 11} l-4 -8 h8 z" fill="#000"/><text x="${cx + 158}" y="${y + 10}">finalized (rank)</text>`,
    `<rect x="${cx + 260}" y="${y + 4}" width="14" height="4" fill="#d32f2f"/><text x="${cx + 278}" y="${y + 10}">longest stall</text>`,
  );
  return `<g class="legend">${items.join('')}</g>`;
}

function defs(): string {
  return (
    '<defs>' +
    '<pattern id="crash" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fafafa"/><line x1="0" y1="0" x2="0" y2="6" stroke="#616161" stroke-width="3"/></pattern>' +
    '<pattern id="partition" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#c5cae9" fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="8" stroke="#7986cb" stroke-opacity="0.35" stroke-width="2"/></pattern>' +
    '<pattern id="byzantine" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffebee"/><line x1="0" y1="0" x2="0" y2="8" stroke="#ef9a9a" stroke-width="3"/></pattern>' +
    '</defs>'
  );
}

function niceStep(raw: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (base * m >= raw) return base * m;
  return base * 10;
}

const f = (n: number): string => (Math.round(n * 10) / 10).toString();
const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
