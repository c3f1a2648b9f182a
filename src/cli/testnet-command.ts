/** `rx-consensus testnet`: N validator processes on loopback, a live table, and a verdict from their stores. */
import { type Command, Option } from 'commander';
import { integerAtLeast, killSpec, usageError, type KillSpec } from './options';
import { runTestnet, type TestnetResult } from './testnet';
import { LEADER_RULES, VOTES_TO, type LeaderRule, type VotesTo } from '../reference/validator/options';

export function addTestnetCommand(program: Command): void {
  program
    .command('testnet')
    .description(
      'Run N validator processes on loopback, show their ranks, and end with a verdict from their stores.',
    )
    .option('--nodes <n>', 'number of validator processes', integerAtLeast(1), 4)
    .option(
      '--ranks <r>',
      'stop once every validator finalized this rank (and each restarted one is back at the head)',
      integerAtLeast(1),
      20,
    )
    .option(
      '--kill <K@T>',
      'SIGKILL validator vK T ms after start, then restart it (repeatable)',
      killSpec,
      [],
    )
    .option('--restart-after <ms>', 'how long a killed validator stays down', integerAtLeast(0), 300)
    .option('--timeout <ms>', 'give up after this long', integerAtLeast(1), 60000)
    .option('--round-timeout <ms>', "validators' initial round timeout", integerAtLeast(1))
    .option('--resend-every <ms>', "validators' re-send interval", integerAtLeast(1))
    .addOption(new Option('--votes-to <who>', "who the validators' votes go to").choices(VOTES_TO))
    .addOption(new Option('--leaders <rule>', 'how the validators choose leaders').choices(LEADER_RULES))
    .addOption(
      new Option('--log-level <level>', "validators' log level (their logs: DIR/logs/vK.log)")
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option(
      '--dir <dir>',
      'keep keys, stores and logs here (default: a temporary folder, removed after a good verdict)',
    )
    .option('--keep', 'keep the temporary folder')
    .option('--json', 'print one JSON object with the verdict on stdout (the live table goes to stderr)')
    .action(async (o: TestnetCliOptions) => {
      for (const k of o.kill) {
        if (k.node < 1 || k.node > o.nodes)
          usageError(`--kill ${k.node}@${k.at}: validators are 1 to ${o.nodes}`);
      }
      const live = o.json
        ? process.stderr.isTTY
          ? process.stderr
          : undefined
        : process.stdout.isTTY
          ? process.stdout
          : undefined;
      const result = await runTestnet({
        nodes: o.nodes,
        ranks: o.ranks,
        kill: o.kill,
        restartAfter: o.restartAfter,
        timeout: o.timeout,
        keep: o.keep === true,
        nodeArgs: [
          ...(o.roundTimeout === undefined ? [] : ['--round-timeout', String(o.roundTimeout)]),
          ...(o.resendEvery === undefined ? [] : ['--resend-every', String(o.resendEvery)]),
          ...(o.votesTo === undefined ? [] : ['--votes-to', o.votesTo]),
          ...(o.leaders === undefined ? [] : ['--leaders', o.leaders]),
          '--log-level',
          o.logLevel,
        ],
        ...(o.dir === undefined ? {} : { dir: o.dir }),
        ...(live === undefined ? {} : { live }),
      });
      const passed = result.agree && result.doubleSigned === 0 && result.reachedTarget;
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(describe(result, passed));
      process.exitCode = passed ? 0 : 1;
    });
}

interface TestnetCliOptions {
  nodes: number;
  ranks: number;
  kill: KillSpec[];
  restartAfter: number;
  timeout: number;
  roundTimeout?: number;
  resendEvery?: number;
  votesTo?: VotesTo;
  leaders?: LeaderRule;
  logLevel: string;
  dir?: string;
  keep?: boolean;
  json?: boolean;
}

function describe(r: TestnetResult, passed: boolean): string {
  return [
    `${passed ? 'PASS' : 'FAIL'}: ${r.nodes} validators, every one finalized rank ${r.ranks} (target ${r.targetRanks}) in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.restarts} restart(s)`,
    `  agreement on every rank: ${r.agree ? 'yes' : `NO (${r.conflict ?? JSON.stringify(r.unreadable)})`}`,
    `  validators that signed two different messages at a rank: ${r.doubleSigned}`,
    `  finalized frames per second: ${r.ranksPerSecond.toFixed(1)}; proposal-to-finalized latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`,
    ...(r.kills.some((k) => k.restartedAt !== undefined)
      ? [
          `  restarted validators back at the head (ms after each restart): ${r.kills
            .filter((k) => k.restartedAt !== undefined)
            .map((k) => `${k.id} ${k.backAfterMs ?? 'never'}`)
            .join(', ')}`,
        ]
      : []),
    r.dir === undefined
      ? '  files: removed after the good verdict (--keep or --dir keeps them)'
      : `  files: ${r.dir}`,
    '',
  ].join('\n');
}
