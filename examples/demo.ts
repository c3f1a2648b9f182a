/**
 * `npm run demo`: start the example network (four validators, one Byzantine), watch it work, and
 * check that the honest nodes agree. Exit status 0 only when they agree on every rank and all
 * reached the target; 1 when not; 2 for a bad option. `--virtual` runs the same network in
 * virtual time; `--json` prints only a machine-readable summary. `--help` lists the options.
 */
import { VirtualTimeStalled } from 'rx-consensus/sim';
import { runNetwork, type NetworkRun } from './network';
import { parseDemoOptions, type DemoOptions } from './shared/demo-options';
import { processIO, type DemoIO } from './shared/io';
import { watchNetwork } from './shared/live-view';
import { writeSummary } from './shared/summary-report';

export async function main(argv: readonly string[], io: DemoIO = processIO()): Promise<number> {
  const parsed = parseDemoOptions(argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const options = parsed.options;
  const run = await runNetwork({
    ...options,
    time: options.virtual ? 'virtual' : 'real',
    watch: options.json
      ? undefined
      : (cluster) =>
          watchNetwork(cluster, io.stdout, options.rounds, io.stdout.isTTY === true && !options.virtual),
  });
  const exitCode = run.agree && run.reached ? 0 : 1;
  if (options.json) io.stdout.write(`${JSON.stringify(jsonSummary(run, options, exitCode), null, 2)}\n`);
  else writeSummary(run, io.stdout);
  return exitCode;
}

/** The `--json` output: the options, the verdict, and the per-node summary. */
function jsonSummary(run: NetworkRun, options: DemoOptions, exitCode: number) {
  return {
    options: { ...run.options, json: options.json, virtual: options.virtual },
    agree: run.agree,
    reached: run.reached,
    exitCode,
    runMs: run.runMs,
    wallMs: Math.round(run.wallMs),
    ...run.summary,
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
