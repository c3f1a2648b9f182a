/**
 * `npm run simulate`: run one simulated scenario, or a campaign of random ones, and check safety
 * (and, on request, liveness). Exit status 0 only when every checked property held.
 *
 *   npm run simulate -- --nodes 7 --byzantine 2 --behaviour double-voter,equivocating-proposer \
 *       --loss 0.05 --latency 5-40 --partition 1000-2500:0,1 --crash 3@1500-3000 --html run.html
 *   npm run simulate -- --replay failing.json --html run.html
 *   npm run simulate -- --random 69 --html seed-69.html     # a campaign's scenario, by its seed
 *   npm run simulate -- --campaign 1000 --workers 2 --json campaign.json
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import pc from 'picocolors';
import {
  DEFAULT_SPACE,
  QUICK_SPACE,
  decodeScenario,
  campaignFirstSeed,
  describeScenario,
  emptyTally,
  faultRows,
  formatCampaign,
  formatRunReport,
  mergeTallies,
  randomScenario,
  renderHtml,
  runCampaign,
  scenarioFromOptions,
  shrinkFailure,
  simulate,
  type CampaignResult,
  type CheckOptions,
  type FirstFailure,
  type Scenario,
} from 'rx-consensus/sim';

const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};
const probability = (value: string): number => {
  const p = Number(value);
  if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError('expected a probability in [0, 1]');
  return p;
};
const list = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value.split(/\s+/).filter(Boolean),
];
const commaList = (value: string, previous: string[]): string[] => [...previous, ...value.split(',')];

const program = new Command('simulate')
  .description('Deterministic simulation of rx-consensus reference nodes under faults, in virtual time.')
  .option('-n, --nodes <n>', 'number of nodes', integer, 4)
  .option('-b, --byzantine <k>', 'Byzantine nodes (the last k)', integer, 0)
  .option(
    '--behaviour <kinds>',
    'Byzantine behaviours, comma-separated, one per node in turn; "a+b" combines (e.g. slow:300+double-voter)',
    commaList,
    [],
  )
  .option('--latency <ms>', 'link delay: MS, MIN-MAX or exp:[MIN:]MEAN', '1-20')
  .option('--loss <p>', 'message loss probability', probability, 0)
  .option('--duplicate <p>', 'message duplication probability', probability, 0)
  .option('--reorder <ms>', 'reordering jitter (ms)', integer, 0)
  .option('--partition <spec>', 'AT-HEAL:NODES[/NODES], e.g. 1000-2500:0,1 (repeatable)', list, [])
  .option('--crash <spec>', 'NODE@AT[-RESTART], e.g. 2@1000-3000 (repeatable)', list, [])
  .option('--rounds <r>', 'stop once every live honest node finalized r ranks', integer)
  .option('--duration <ms>', 'simulated time limit (ms)', integer)
  .option('--round-timeout <ms>', 'how long a rank may take before validators time out (ms)', integer)
  .option('-s, --seed <seed>', 'seed of every random choice', integer, 1)
  .option(
    '--replay <file>',
    "run the scenario in this JSON file instead (a saved scenario, or a run's --json output)",
  )
  .option(
    '--random <seed>',
    "run a campaign's scenario: the random scenario of this seed (with --quick: of the quick space)",
    integer,
  )
  .option('--html <file>', 'write a self-contained HTML report with an SVG timeline')
  .option(
    '--json <file>',
    'write the summary (or campaign tally) as JSON ("-": to stdout, instead of the text report)',
  )
  .option(
    '--expect-liveness',
    'fail when liveness is lost while n − f honest nodes are connected (the default)',
    true,
  )
  .option('--no-expect-liveness', 'report lost liveness without failing the run')
  .option('--stall-limit <ms>', 'a stall longer than this counts as lost liveness', integer, 2_000)
  .option('--campaign <count>', 'run this many random scenarios (f < n/3) instead of one', integer)
  .option('--first-seed <seed>', 'seed of the first campaign scenario (default: --seed, or 1)', integer)
  .option(
    '--quick',
    'campaign: short runs (the CI property test space) instead of the default 4–8 s runs',
    false,
  )
  .option('--workers <k>', 'campaign worker processes', integer, 1)
  .option('--save-failing <file>', 'campaign: write the shrunk failing scenario as JSON, for --replay')
  .option('--no-shrink', 'campaign: do not shrink the first failing scenario')
  .addOption(new Option('--worker-slice <offset>').argParser(integer).hideHelp());

interface Options {
  nodes: number;
  byzantine: number;
  behaviour: string[];
  latency: string;
  loss: number;
  duplicate: number;
  reorder: number;
  partition: string[];
  crash: string[];
  rounds?: number;
  duration?: number;
  roundTimeout?: number;
  seed: number;
  replay?: string;
  random?: number;
  html?: string;
  json?: string;
  expectLiveness: boolean;
  stallLimit: number;
  campaign?: number;
  firstSeed: number;
  workers: number;
  quick: boolean;
  saveFailing?: string;
  shrink: boolean;
  workerSlice?: number;
}

function checkOptions(o: Options): CheckOptions {
  return { expectLiveness: o.expectLiveness, stallLimit: o.stallLimit };
}

function writeOut(file: string, text: string): void {
  if (file === '-') process.stdout.write(text + '\n');
  else writeFileSync(file, text);
}

function loadScenario(o: Options): Scenario {
  if (o.random !== undefined) return randomScenario(o.random, o.quick ? QUICK_SPACE : DEFAULT_SPACE);
  if (o.replay === undefined) return scenarioFromOptions(o);
  const data: unknown = JSON.parse(readFileSync(o.replay, 'utf8'));
  // A bare scenario (--save-failing), or a run's --json output, which holds its scenario.
  const scenario = typeof data === 'object' && data !== null && 'scenario' in data ? data.scenario : data;
  const decoded = decodeScenario(scenario);
  if (!decoded.ok) throw new Error(`${o.replay}: ${decoded.error}`);
  return decoded.scenario;
}

function runOne(o: Options): number {
  const { record, verdict, summary } = simulate(loadScenario(o), checkOptions(o));
  // With --json - the standard output is the JSON alone, for pipes.
  if (o.json !== '-') console.log(formatRunReport(summary));
  if (o.html !== undefined) writeFileSync(o.html, renderHtml(record, verdict));
  if (o.json !== undefined) writeOut(o.json, JSON.stringify({ summary, scenario: record.scenario }, null, 2));
  return verdict.ok ? 0 : 1;
}

/** A campaign worker: its slice of the seeds, progress and the result sent to the parent. */
function runWorker(o: Options, offset: number): void {
  const count = Math.ceil((o.campaign! - offset) / o.workers);
  const result = runCampaign({
    count,
    firstSeed: o.firstSeed + offset,
    step: o.workers,
    space: o.quick ? QUICK_SPACE : DEFAULT_SPACE,
    check: checkOptions(o),
    shrink: false,
    onRun: (done) => {
      if (done % 10 === 0 || done === count) process.send!({ type: 'progress', done });
    },
  });
  process.send!({ type: 'done', result });
}

async function runParallel(o: Options, bar: SingleBar): Promise<CampaignResult> {
  const done = new Array<number>(o.workers).fill(0);
  const results = await Promise.all(
    Array.from(
      { length: o.workers },
      (_, offset) =>
        new Promise<CampaignResult>((resolve, reject) => {
          const child = fork(process.argv[1]!, [...process.argv.slice(2), '--worker-slice', String(offset)], {
            execArgv: process.execArgv,
          });
          child.on(
            'message',
            (m: { type: 'progress'; done: number } | { type: 'done'; result: CampaignResult }) => {
              if (m.type === 'progress') {
                done[offset] = m.done;
                bar.update(done.reduce((a, b) => a + b, 0));
              } else resolve(m.result);
            },
          );
          child.on('exit', (code) =>
            code === 0 ? undefined : reject(new Error(`worker ${offset} exited with ${code}`)),
          );
        }),
    ),
  );
  const failures = results.flatMap((r) => (r.firstFailure === null ? [] : [r.firstFailure]));
  failures.sort((a, b) => a.scenario.seed - b.scenario.seed);
  return {
    tally: results.reduce((t, r) => mergeTallies(t, r.tally), emptyTally()),
    firstFailure: failures[0] ?? null,
  };
}

async function runMany(o: Options): Promise<number> {
  const started = Date.now();
  const bar = new SingleBar(
    {
      format: 'campaign |{bar}| {value}/{total} scenarios, {eta_formatted} left',
      // Without a terminal (nohup, CI logs) print a plain line every 10 s instead.
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    Presets.shades_classic,
  );
  bar.start(o.campaign!, 0);
  const result =
    o.workers > 1
      ? await runParallel(o, bar)
      : runCampaign({
          count: o.campaign!,
          firstSeed: o.firstSeed,
          space: o.quick ? QUICK_SPACE : DEFAULT_SPACE,
          check: checkOptions(o),
          shrink: false,
          onRun: (done) => bar.update(done),
        });
  bar.stop();
  result.tally.elapsedMs = Date.now() - started;
  let failure: FirstFailure | null = result.firstFailure;
  if (failure !== null && o.shrink) {
    console.error(pc.dim(`shrinking seed ${failure.scenario.seed}…`));
    failure = shrinkFailure(failure, { check: checkOptions(o) });
  }
  if (o.json !== '-') console.log(formatCampaign(result.tally));
  if (failure !== null) reportFailure(failure, o);
  if (o.json !== undefined)
    writeOut(
      o.json,
      JSON.stringify(
        {
          tally: {
            ...result.tally,
            byFault: faultRows(result.tally),
            alone: faultRows(result.tally, 'alone'),
          },
          firstFailure: failure,
        },
        null,
        2,
      ),
    );
  return result.tally.failed.length === 0 ? 0 : 1;
}

function reportFailure(failure: FirstFailure, o: Options): void {
  // Keep the standard output pure JSON with --json -.
  const say = o.json === '-' ? console.error : console.log;
  say(pc.red(`\nfirst failing seed: ${failure.scenario.seed}  (${describeScenario(failure.scenario)})`));
  for (const f of failure.failures) say(pc.red(`  - ${f}`));
  if (failure.shrunk === null) return;
  say(`shrunk in ${failure.shrunk.runs} runs to: ${describeScenario(failure.shrunk.scenario)}`);
  for (const f of failure.shrunk.failures) say(`  - ${f}`);
  say(JSON.stringify(failure.shrunk.scenario));
  if (o.saveFailing !== undefined)
    writeFileSync(o.saveFailing, JSON.stringify(failure.shrunk.scenario, null, 2));
}

async function main(): Promise<number> {
  const parsed = program.parse().opts<Omit<Options, 'firstSeed'> & { firstSeed?: number }>();
  // In a campaign --seed is the first seed, unless --first-seed says otherwise (both: refused).
  const o: Options = {
    ...parsed,
    firstSeed: campaignFirstSeed({
      seed: program.getOptionValueSource('seed') === 'cli' ? parsed.seed : undefined,
      firstSeed: parsed.firstSeed,
    }),
  };
  if (o.workerSlice !== undefined) {
    runWorker(o, o.workerSlice);
    return 0;
  }
  return o.campaign === undefined ? runOne(o) : runMany(o);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(pc.red(error instanceof Error ? error.message : String(error)));
    process.exitCode = 2;
  },
);
