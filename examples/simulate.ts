/**
 * `npm run simulate`: run one simulated scenario, or a campaign of random ones, and check safety
 * and liveness. Exit status 0 when every checked property held, 1 when one failed, 2 for a bad
 * option or scenario. Its options, their defaults and `--json` are shared with `npm run demo`
 * (`src/cli/sim/commands.ts`); a campaign's first failure is shrunk with fast-check.
 *
 *   npm run simulate -- --nodes 7 --byzantine 2 --behaviour double-voter,equivocating-proposer \
 *       --loss 0.05 --latency 5-40 --partition 1000-2500:0,1 --crash 3@1500-3000 --html run.html
 *   npm run simulate -- --replay failing.json --html run.html
 *   npm run simulate -- --random 69 --html seed-69.html     # a campaign's scenario, by its seed
 *   npm run simulate -- --campaign 1000 --workers 2 --json campaign.json
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import * as fc from 'fast-check';
import pc from 'picocolors';
import { shrinkFailure } from 'rx-consensus/fast-check';
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
  simulate,
  type CampaignResult,
  type CheckOptions,
  type FirstFailure,
  type Scenario,
} from 'rx-consensus/sim';
import {
  jsonTarget,
  parseCommand,
  simulateCommand,
  writeTo,
  type SimulateOptions,
} from '../src/cli/sim/commands';

type Options = Omit<SimulateOptions, 'json' | 'firstSeed'> & {
  /** Where the JSON goes (`-`: the standard output), if anywhere. */
  readonly json: string | undefined;
  readonly firstSeed: number;
};

const space = (o: Options) => {
  const drawn = o.quick ? QUICK_SPACE : DEFAULT_SPACE;
  return {
    ...drawn,
    ...(o.votesTo === undefined ? {} : { votesTo: o.votesTo }),
    ...(o.leaders === undefined ? {} : { leaders: o.leaders }),
    ...(o.fullRuns ? { afterFaults: null } : {}),
  };
};

function checkOptions(o: Options): CheckOptions {
  return { expectLiveness: o.expectLiveness, stallLimit: o.stallLimit };
}

function loadScenario(o: Options): Scenario {
  if (o.random !== undefined) return randomScenario(o.random, space(o));
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
  if (o.json !== undefined)
    writeTo(o.json, JSON.stringify({ summary, scenario: record.scenario }, null, 2), process.stdout);
  return verdict.ok ? 0 : 1;
}

/** A campaign worker: its slice of the seeds, progress and the result sent to the parent. */
function runWorker(o: Options, offset: number): void {
  const count = Math.ceil((o.campaign! - offset) / o.workers);
  const result = runCampaign({
    count,
    firstSeed: o.firstSeed + offset,
    step: o.workers,
    space: space(o),
    check: checkOptions(o),
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
          space: space(o),
          check: checkOptions(o),
          onRun: (done) => bar.update(done),
        });
  bar.stop();
  result.tally.elapsedMs = Date.now() - started;
  let failure: FirstFailure | null = result.firstFailure;
  if (failure !== null && o.shrink) {
    console.error(pc.dim(`shrinking seed ${failure.scenario.seed}…`));
    failure = shrinkFailure(fc, failure, { check: checkOptions(o), space: space(o) });
  }
  if (o.json !== '-') console.log(formatCampaign(result.tally));
  if (failure !== null) reportFailure(failure, o);
  if (o.json !== undefined)
    writeTo(
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
      process.stdout,
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
  const parsed = parseCommand<SimulateOptions>(simulateCommand(), process.argv.slice(2), process);
  if (!parsed.ok) return parsed.exitCode;
  const { options, command } = parsed;
  // In a campaign --seed is the first seed, unless --first-seed says otherwise (both: refused).
  const o: Options = {
    ...options,
    json: jsonTarget(options.json),
    firstSeed: campaignFirstSeed({
      seed: command.getOptionValueSource('seed') === 'cli' ? options.seed : undefined,
      firstSeed: options.firstSeed,
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
