/**
 * `npm run demo`: start the example network (four validators, one Byzantine), watch it work, and
 * check that the honest nodes agree. Exit status 0 only when they agree on every rank and all
 * reached the target; 1 when not; 2 for a bad option. It takes the options of `npm run simulate`
 * (see `--help`); `--virtual` runs the same network in virtual time; `--json` prints only a
 * machine-readable summary, `--json FILE` writes it there.
 */
import { writeFileSync } from 'node:fs';
import { renderHtml, ScenarioError, VirtualTimeStalled } from 'rx-consensus/sim';
import { runNetwork, type NetworkRun } from './network';
import {
  demoCommand,
  jsonTarget,
  parseCommand,
  USAGE_ERROR,
  writeTo,
  type DemoOptions,
} from '../src/cli/sim/commands';
import { processIO, type DemoIO } from './shared/io';
import { watchNetwork } from './shared/live-view';
import { writeSummary } from './shared/summary-report';

export async function main(argv: readonly string[], io: DemoIO = processIO()): Promise<number> {
  const parsed = parseCommand<DemoOptions>(demoCommand(), argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { virtual, json, html, ...options } = parsed.options;
  const target = jsonTarget(json);
  let run: NetworkRun;
  try {
    run = await runNetwork({
      ...options,
      time: virtual ? 'virtual' : 'real',
      watch:
        target === '-'
          ? undefined
          : (cluster) =>
              watchNetwork(cluster, io.stdout, options.rounds, io.stdout.isTTY === true && !virtual),
    });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    io.stderr.write(`error: ${err.problems.join('; ')}\n(add --help for every option)\n`);
    return USAGE_ERROR;
  }
  const exitCode = run.agree && run.reached ? 0 : 1;
  if (target !== '-') writeSummary(run, io.stdout);
  if (target !== undefined)
    writeTo(target, JSON.stringify(jsonSummary(run, virtual, exitCode), null, 2), io.stdout);
  if (html !== undefined) writeFileSync(html, renderHtml(run.record, run.verdict, 'rx-consensus demo'));
  return exitCode;
}

/** The `--json` output: the verdict, the options, the run's summary and its scenario (for `simulate --replay`). */
function jsonSummary(run: NetworkRun, virtual: boolean, exitCode: number) {
  return {
    agree: run.agree,
    reached: run.reached,
    exitCode,
    runMs: run.runMs,
    wallMs: Math.round(run.wallMs),
    options: { ...run.options, virtual },
    summary: run.summary,
    scenario: run.scenario,
  };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof VirtualTimeStalled ? `demo: ${err.message}` : err);
      process.exitCode = 1;
    },
  );
}
