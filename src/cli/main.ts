/**
 * `rx-consensus`: keygen, testnet-init, node and testnet. Bad options exit 2 with a message;
 * a failed testnet verdict exits 1.
 */
import { randomBytes } from 'node:crypto';
import { Command, CommanderError, Option } from 'commander';
import { newKeyFile, writeKeyFile } from './files';
import { hostPort, hostPortList, integerAtLeast, killSpec, port, type KillSpec } from './options';
import { runNode } from './node';
import { runTestnet, type TestnetResult } from './testnet';
import { initTestnet } from './testnet-init';

const USAGE_ERROR = 2;

export function buildProgram(): Command {
  const program = new Command('rx-consensus')
    .description(
      'Run rx-consensus reference validators: keys, a validator set, one node, or a local testnet.',
    )
    .exitOverride()
    .showHelpAfterError('(add --help for every option)');

  program
    .command('keygen')
    .description('Write a new Ed25519 validator key file (mode 0600; refuses to overwrite).')
    .requiredOption('--id <id>', 'validator id (as it will appear in the validator set)')
    .requiredOption('--out <file>', 'where to write the key file')
    .action((o: { id: string; out: string }) => {
      const key = newKeyFile(o.id, randomBytes(32));
      writeKeyFile(o.out, key);
      process.stdout.write(`${JSON.stringify({ id: key.id, publicKey: key.publicKey, file: o.out })}\n`);
    });

  program
    .command('testnet-init')
    .description(
      'Write keys (DIR/keys/vK.json) and a validator set file (DIR/validators.json) for N validators.',
    )
    .requiredOption('--dir <dir>', 'output folder')
    .option('--nodes <n>', 'number of validators', integerAtLeast(1), 4)
    .option('--host <host>', 'address the validators are reached at', '127.0.0.1')
    .option('--base-port <port>', 'validator K listens on base-port + K - 1', port, 26600)
    .option('--network <name>', 'network name (names the link protocol)', 'testnet')
    .action((o: { dir: string; nodes: number; host: string; basePort: number; network: string }) => {
      const ports = Array.from({ length: o.nodes }, (_, i) => o.basePort + i);
      const layout = initTestnet(o.dir, ports, o.host, o.network);
      process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
    });

  program
    .command('node')
    .description('Run one validator until SIGINT/SIGTERM; logs are JSON lines on stdout.')
    .requiredOption('--key <file>', "this validator's key file (from keygen or testnet-init)")
    .requiredOption('--validators <file>', 'the validator set file (same on every validator)')
    .requiredOption('--data-dir <dir>', 'folder of the durable store (validator.db)')
    .option(
      '--listen <host:port>',
      "listen address (default: this validator's address in the set file)",
      hostPort,
    )
    .option(
      '--peers <host:port,...>',
      "validators to dial (default: every other validator's address in the set file)",
      hostPortList,
    )
    .option('--metrics-port <port>', 'serve /metrics and /health on this port (default: none)', port)
    .option('--metrics-host <host>', 'address the metrics server binds to', '127.0.0.1')
    .option('--round-timeout <ms>', 'initial round timeout', integerAtLeast(1))
    .option('--resend-every <ms>', 'how often unanswered messages are sent again', integerAtLeast(1))
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(async (o: Record<string, unknown>) => {
      await runNode(o as never);
    });

  program
    .command('testnet')
    .description(
      'Run N validator processes on loopback, show their ranks, and end with a verdict from their stores.',
    )
    .option('--nodes <n>', 'number of validator processes', integerAtLeast(1), 4)
    .option('--ranks <r>', 'stop once every validator finalized this rank', integerAtLeast(1), 20)
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
  return program;
}

interface TestnetCliOptions {
  nodes: number;
  ranks: number;
  kill: KillSpec[];
  restartAfter: number;
  timeout: number;
  roundTimeout?: number;
  resendEvery?: number;
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
    `  files: ${r.dir}`,
    '',
  ].join('\n');
}

function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(USAGE_ERROR);
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        process.exit(0);
      }
      process.exit(USAGE_ERROR);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main(process.argv.slice(2));
