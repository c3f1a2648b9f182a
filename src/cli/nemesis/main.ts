/**
 * `npm run nemesis`: a nemesis run (the default command) or `cleanup` of what crashed runs left.
 * Exits 1 when any property was lost, the run stalled or something of the run was left behind.
 */
import { Command, Option } from 'commander';
import { integerAtLeast } from '../options';
import { cleanupLeftovers } from './hosts';
import { checkRunDir, runNemesis, type NemesisResult } from './run';
import { LEADER_RULES, VOTES_TO, type LeaderRule, type VotesTo } from '../../reference/validator/options';

interface RunCliOptions {
  nodes: number;
  duration: number;
  seed: number;
  json?: boolean;
  dir?: string;
  netns: boolean;
  stallBound: number;
  rate: number;
  drain: number;
  build: boolean;
  logLevel: string;
  votesTo?: VotesTo;
  leaders?: LeaderRule;
}

export function nemesisProgram(): Command {
  const program = new Command('nemesis').description(
    'Validators on their own network hosts, a seeded nemesis of partitions, kills, pauses, bad links and full disks, and a checker that reads only the history and the stores.',
  );
  program
    .command('run', { isDefault: true })
    .description('one run (the default)')
    .option('--nodes <n>', 'validator processes', integerAtLeast(4), 5)
    .option('--duration <s>', 'seconds of faults (then the drain)', integerAtLeast(1), 60)
    .option('--seed <n>', 'draws the schedule, the proxy and the workload', integerAtLeast(0), 1)
    .option('--json', 'print one JSON object with the verdict')
    .option(
      '--dir <dir>',
      'where the history, picture, keys, stores and logs go (default: a new temporary folder)',
    )
    .option('--no-netns', 'loopback only, even as root')
    .option(
      '--stall-bound <ms>',
      "longest standstill of the head allowed with no fault active (the round timeout's cap, 30 s, and 5 s for the round after it)",
      integerAtLeast(1),
      35_000,
    )
    .option('--rate <n>', 'mutations submitted per second', integerAtLeast(1), 10)
    .option(
      '--drain <ms>',
      'longest wait after the last heal for every validator to catch up (one still behind then: a stall)',
      integerAtLeast(0),
      45_000,
    )
    .option('--no-build', 'run the validators from source through tsx instead of a fresh dist/cli.js')
    .addOption(
      new Option('--log-level <level>', "validators' log level (DIR/logs/vK.log)")
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .addOption(
      new Option('--votes-to <who>', "who the validators' votes go to (their default: everyone)").choices(
        VOTES_TO,
      ),
    )
    .addOption(
      new Option(
        '--leaders <rule>',
        'how the validators choose leaders (their default: round-robin)',
      ).choices(LEADER_RULES),
    )
    .action(async (o: RunCliOptions) => {
      const result = await runNemesis({
        nodes: o.nodes,
        durationMs: o.duration * 1000,
        seed: o.seed,
        netns: o.netns,
        stallBoundMs: o.stallBound,
        rate: o.rate,
        drainMs: o.drain,
        build: o.build,
        logLevel: o.logLevel,
        ...(o.votesTo === undefined ? {} : { votesTo: o.votesTo }),
        ...(o.leaders === undefined ? {} : { leaders: o.leaders }),
        ...(o.dir === undefined ? {} : { dir: o.dir }),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(o.json === true ? `${JSON.stringify(summaryOf(result))}\n` : describe(result));
      process.exitCode = result.violations.length === 0 ? 0 : 1;
    });
  program
    .command('check <dir>')
    .description("check a finished run again from its folder's history and stores")
    .option('--json', 'print the verdict as JSON')
    .option('--stall-bound <ms>', "judge stalls with this bound instead of the run's", integerAtLeast(1))
    .action((dir: string, o: { json?: boolean; stallBound?: number }) => {
      const { outcomes: _outcomes, ...verdict } = checkRunDir(dir, o.stallBound);
      process.stdout.write(`${JSON.stringify(verdict, null, o.json === true ? undefined : 2)}\n`);
      process.exitCode = verdict.violations.length === 0 ? 0 : 1;
    });
  program
    .command('cleanup')
    .description('remove the processes, namespaces, links and mounts crashed runs left behind')
    .action(() => {
      const removed = cleanupLeftovers();
      process.stdout.write(
        removed.length === 0 ? 'nothing to remove\n' : `removed:\n  ${removed.join('\n  ')}\n`,
      );
    });
  return program;
}

/** The one object `--json` prints. */
export function summaryOf(r: NemesisResult) {
  return {
    agree: r.agree,
    doubleSigned: r.doubleSigned,
    stalled: r.stalled,
    faults: r.faults,
    recoveryMs: { p50: r.recoveryMs.p50, p99: r.recoveryMs.p99, max: r.recoveryMs.max },
    mutations: {
      submitted: r.mutations.submitted,
      finalized: r.mutations.finalized,
      lost: r.mutations.lost,
      duplicated: r.mutations.duplicated,
    },
    history: r.history,
    unrecorded: r.unrecorded,
    recoveries: r.recoveryMs.samples,
    unrecovered: r.recoveryMs.unrecovered,
    accepted: r.mutations.accepted,
    network: r.network,
    launcher: r.launcher,
    seed: r.seed,
    picture: r.picture,
    violations: r.violations,
  };
}

function describe(r: NemesisResult): string {
  return [
    `${r.violations.length === 0 ? 'PASS' : 'FAIL'}: seed ${r.seed}, ${r.faults} faults on ${r.network}${r.fallback === undefined ? '' : ` (${r.fallback})`}, validators from ${r.launcher}, ${(r.elapsedMs / 1000).toFixed(0)} s`,
    `  agreement: ${r.agree ? 'yes' : 'NO'}; double-signed: ${r.doubleSigned}; signed unrecorded: ${r.unrecorded}; stalled: ${r.stalled ? 'YES' : 'no'}`,
    `  recovery after a heal: p50 ${r.recoveryMs.p50} ms, p99 ${r.recoveryMs.p99} ms, max ${r.recoveryMs.max} ms (${r.recoveryMs.samples} heals, ${r.recoveryMs.unrecovered} unrecovered)`,
    `    ${r.recoveries.map((x) => `#${x.fault} ${x.kind} ${x.ms === undefined ? 'unrecovered' : `${x.ms} ms`}`).join(', ')}`,
    `  mutations: ${r.mutations.submitted} submitted, ${r.mutations.accepted} accepted, ${r.mutations.finalized} finalized, ${r.mutations.lost} lost, ${r.mutations.duplicated} duplicated`,
    ...r.violations.map((v) => `  violation: ${v}`),
    `  history: ${r.history}`,
    `  picture: ${r.picture}`,
    '',
  ].join('\n');
}

if (require.main === module) {
  nemesisProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
