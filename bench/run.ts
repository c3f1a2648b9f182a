/**
 * `npm run bench`: runs the suite several times, prints a table (median, min, max, target) and
 * writes the medians as JSON to bench/results/latest.json; `--json` prints only that object.
 * Run on compiled JavaScript with --expose-gc (the npm script does both).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import { FULL, SMOKE, TARGETS, sampleOnce, type FigureKey } from './figures';
import { median } from './suites';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('bench')
    .description('rx-consensus benchmarks: engine overhead, cluster throughput, round latency, scale, memory')
    .option('--json', 'print only the JSON object of medians')
    .option('--quick', 'tiny sizes (a smoke run of the harness, figures are not meaningful)')
    .option('--runs <n>', 'samples per figure (default 5; the 100k-round run is done once)', positive)
    .option(
      '--out <file>',
      'where to write the JSON',
      join(__dirname, '..', '..', 'bench', 'results', 'latest.json'),
    )
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const opts = program.opts<{ json?: boolean; quick?: boolean; runs?: number; out: string }>();
  const sizes = opts.quick ? SMOKE : FULL;
  const runs = opts.runs ?? sizes.runs;
  const log = (line: string) => {
    if (!opts.json) process.stderr.write(`${line}\n`);
  };

  const samples: Partial<Record<FigureKey, number[]>> = {};
  for (let i = 0; i < runs; i++) {
    log(`run ${i + 1}/${runs}…`);
    // The 100k-round run and the reference protocol's runs (tens of seconds) are done once.
    const sample = await sampleOnce(sizes, { realTime: true, long: i === 0, reference: i === 0 });
    for (const [key, value] of Object.entries(sample) as [FigureKey, number][])
      (samples[key] ??= []).push(value);
  }

  const medians = Object.fromEntries(
    (Object.entries(samples) as [FigureKey, number[]][]).map(([k, xs]) => [k, median(xs)]),
  ) as Record<FigureKey, number>;
  mkdirSync(join(opts.out, '..'), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(medians, null, 2)}\n`);

  if (opts.json) {
    process.stdout.write(`${JSON.stringify(medians)}\n`);
    return 0;
  }
  const table = new Table({ head: ['figure', 'median', 'min', 'max', 'target', 'met'] });
  const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(3));
  for (const [key, xs] of Object.entries(samples) as [FigureKey, number[]][]) {
    const target = TARGETS[key];
    table.push([
      key,
      fmt(medians[key]),
      fmt(Math.min(...xs)),
      fmt(Math.max(...xs)),
      target?.text ?? '',
      target === undefined ? '' : target.met(medians[key], medians) ? 'yes' : 'NO',
    ]);
  }
  console.log(table.toString());
  console.log(`${cpus().length} cores, Node ${process.version}; ${runs} runs; JSON written to ${opts.out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
