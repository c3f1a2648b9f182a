/**
 * The Grafana dashboard in docs/ reads only metrics a validator exports, and shows every rxc_
 * metric it exports; every counter's name ends in `_total`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeMetrics } from '../../src/cli/metrics';

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { query?: unknown }[] };
}
const dashboard = JSON.parse(
  readFileSync(join(__dirname, '../../docs/grafana-dashboard.json'), 'utf8'),
) as Dashboard;

const exported = async (): Promise<{ names: Set<string>; counters: string[] }> => {
  const metrics = createNodeMetrics(() => ({ messagesIn: 0, messagesOut: 0 }));
  const all = await metrics.registry.getMetricsAsJSON();
  const names = new Set<string>();
  for (const m of all) {
    names.add(m.name);
    if (String(m.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return { names, counters: all.filter((m) => String(m.type) === 'counter').map((m) => m.name) };
};

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
const metricsIn = (expr: string): string[] =>
  [
    ...expr
      .replace(/\{[^}]*\}/g, '')
      .replace(/\b(?:by|without)\s*\([^)]*\)/g, '')
      .matchAll(/[a-z_][a-z0-9_]*(?![a-z0-9_]*\s*\()/g),
  ]
    .map((m) => m[0])
    .filter((name) => name.includes('_'));

describe('the Grafana dashboard', () => {
  const queries = [
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: p.title, expr: t.expr }))),
    ...dashboard.templating.list
      .filter((v) => typeof v.query === 'string' && v.query.includes('('))
      .map((v) => ({ where: 'variable', expr: String(v.query).replace(/^label_values\((\w+).*$/, '$1') })),
  ];

  it('has queries, and each names at least one metric', () => {
    expect(queries.length).toBeGreaterThanOrEqual(14);
    for (const q of queries) expect([q.where, metricsIn(q.expr).length > 0]).toEqual([q.where, true]);
  });

  it('every query names a metric the node exports', async () => {
    const { names } = await exported();
    const unknown = queries.flatMap((q) =>
      metricsIn(q.expr)
        .filter((m) => !names.has(m))
        .map((m) => `${q.where}: ${m}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every rxc_ metric the node exports is on it', async () => {
    const { names } = await exported();
    const shown = new Set(
      queries.flatMap((q) => metricsIn(q.expr)).map((m) => m.replace(/_(bucket|sum|count)$/, '')),
    );
    expect(
      [...names].filter((n) => n.startsWith('rxc_') && !/_(bucket|sum|count)$/.test(n) && !shown.has(n)),
    ).toEqual([]);
  });

  it('reads names the way PromQL does', () => {
    expect(metricsIn('sum by (le) (rate(rxc_a_bucket{instance=~"$i"}[5m]))')).toEqual(['rxc_a_bucket']);
    expect(metricsIn('histogram_quantile(0.5, x_y) / deriv(z_w[1m])')).toEqual(['x_y', 'z_w']);
  });

  it('every counter the node exports ends in _total', async () => {
    const { counters } = await exported();
    expect(counters.length).toBeGreaterThanOrEqual(8);
    expect(counters.filter((n) => !n.endsWith('_total'))).toEqual([]);
  });
});
