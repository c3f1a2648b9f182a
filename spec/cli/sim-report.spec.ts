/**
 * Reports of a run: the summary object, the text report, and the self-contained HTML page with an
 * SVG timeline (one lane per node, finalizations, downtime and partitions marked).
 */
import { checkRun } from '../../src/entries/sim';
import { livesFrom, stateIntervals } from '../../src/sim/run/record-run';
import { textTable } from '../../src/cli/sim/report/table';
import { formatRunReport, renderHtml, summarizeRun } from '../../src/entries/sim';
import { node, run, steady } from '../sim/support/records';

const ROUND = [
  'collecting',
  'liveness_check',
  'proving',
  'publishing',
  'voting',
  'finalizing',
  'verifying',
] as const;

function busyLane(id: string, downtime: { from: number; to: number | null }[] = []) {
  const transitions = Array.from({ length: 200 }, (_, i) => ({
    at: 10 + i * 14,
    to: ROUND[i % ROUND.length]!,
  }));
  return node(id, {
    downtime,
    finalizations: steady(25, 100).filter(
      (f) => !downtime.some((d) => d.from <= f.at && (d.to === null || f.at <= d.to + 200)),
    ),
    states: stateIntervals(livesFrom(downtime, 3_000), transitions),
  });
}

const record = run(
  [
    busyLane('v0'),
    busyLane('v1', [{ from: 800, to: 1_600 }]),
    busyLane('v2'),
    node('v3', { role: 'byzantine', behaviours: ['silent'] }),
  ],
  {
    endedAt: 3_000,
    partitions: [{ from: 2_000, to: 2_400, groups: [['v2']] }],
    evidence: [
      {
        at: 5,
        observer: 'v0',
        accused: 'v3',
        kind: 'conflict',
        rank: 2,
        verified: null,
        detail: 'two <proposals>',
      },
    ],
  },
);

describe('run reports', () => {
  it('state bands cover each life of a node and nothing while it is down', () => {
    const bands = stateIntervals(livesFrom([{ from: 100, to: 200 }], 300), [
      { at: 10, to: 'starting' },
      { at: 50, to: 'loading' },
      { at: 210, to: 'starting' },
    ]);
    expect(bands).toEqual([
      { from: 0, to: 10, state: 'stopped' },
      { from: 10, to: 50, state: 'starting' },
      { from: 50, to: 100, state: 'loading' },
      { from: 200, to: 210, state: 'stopped' },
      { from: 210, to: 300, state: 'starting' },
    ]);
  });

  it('the summary and the text report name the verdict, liveness figures and evidence', () => {
    const verdict = checkRun(record);
    const summary = summarizeRun(record, verdict);
    expect(summary.ok).toBe(true);
    expect(summary.nodes.map((n) => n.finalRank)).toEqual([25, 25, 25, -1]);
    const text = formatRunReport(summary);
    expect(text).toMatch(/every checked property held/);
    expect(text).toMatch(/catch-up\s+v1 after restart at 1600 ms/);
    expect(text).toMatch(/evidence against/);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('the HTML page is self-contained, with one lane per node and every mark', () => {
    const html = renderHtml(record, checkRun(record));
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html.match(/class="lane"/g)).toHaveLength(4);
    expect(html).toMatch(/v1 down 800–1600 ms/);
    expect(html).toMatch(/partition \{v2\} \| rest, 2000–2400 ms/);
    expect(html).toMatch(/v0 finalized rank 25/);
    expect(html).toMatch(/two &lt;proposals&gt;|conflict/);
    expect(html).not.toMatch(/<proposals>/);
  });

  it('text tables align numbers right', () => {
    expect(
      textTable(
        ['name', 'n'],
        [
          ['a', 1],
          ['bb', 10],
        ],
      ),
    ).toBe('name   n\n----  --\na      1\nbb    10');
  });
});
