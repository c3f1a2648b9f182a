/** The timeline picture draws one rank line per validator and one band per fault it touched. */
import { timelineSvg } from '../../../src/cli/nemesis/picture';
import type { HistoryEvent } from '../../../src/cli/nemesis/history';

const history: HistoryEvent[] = [
  {
    t: 0,
    type: 'start',
    nodes: ['v1', 'v2'],
    seed: 1,
    durationMs: 1000,
    network: 'loopback',
    stallBoundMs: 500,
  },
  { t: 100, type: 'rank', node: 'v1', finalizedRank: 0 },
  { t: 100, type: 'rank', node: 'v2', finalizedRank: 0 },
  { t: 200, type: 'fault', id: 1, kind: 'partition', nodes: ['v1', 'v2'], detail: 'v1 | v2 <cut>' },
  { t: 400, type: 'heal', id: 1 },
  { t: 500, type: 'rank', node: 'v1', finalizedRank: 4 },
  { t: 600, type: 'fault', id: 2, kind: 'kill', nodes: ['v2'], detail: 'SIGKILL v2' },
  { t: 700, type: 'end' },
];

describe('timelineSvg', () => {
  const svg = timelineSvg(history, 'seed 1 & co');

  it('is one SVG with the title escaped', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('seed 1 &amp; co');
    expect(svg).not.toContain('<cut>');
  });

  it('draws a line per validator and a band per fault on each validator it touched', () => {
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<title>#1 partition/g)).toHaveLength(2);
    expect(svg.match(/<title>#2 kill/g)).toHaveLength(1);
  });
});
