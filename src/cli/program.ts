/**
 * The commands of `rx-consensus` and their options (`main.ts` runs them). Bad options exit 2 with
 * a message; a failed testnet verdict, a refused mutation or an unreachable node exit 1.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { followFinalized, nodeStatus, nodeUrlOf, submitMutation } from './client';
import { newKeyFile, readKeyFile, writeKeyFile } from './files';
import { CONFIG_FILE, initHome, LOG_LEVELS, nodeOptionsOf, readConfigFile, type NodeConfig } from './home';
import { lockHolder } from './lock';
import { hostPort, hostPortList, integerAtLeast, port, usageError } from './options';
import { runNode } from './node';
import { ownPackageJson } from './requirements';
import { addTestnetCommand } from './testnet-command';
import { initTestnet } from './testnet-init';
import { LEADER_RULES, VOTES_TO } from '../reference/validator/options';

export function buildProgram(): Command {
  const program = new Command('rx-consensus')
    .description(
      'Run rx-consensus reference validators: keys, a validator set, one node, or a local testnet.',
    )
    .version(ownPackageJson().version, '-V, --version', 'print the version and exit')
    .exitOverride()
    .showHelpAfterError('(add --help for every option)');

  program
    .command('version')
    .description('Print the version and exit.')
    .action(() => {
      process.stdout.write(`${ownPackageJson().version}\n`);
    });

  program
    .command('init')
    .description(
      `Write a validator's home folder: DIR/key.json (mode 0600), DIR/${CONFIG_FILE} (every node option) and DIR/data/.`,
    )
    .requiredOption('--home <dir>', 'the home folder to write')
    .requiredOption('--id <id>', 'validator id (as it will appear in the validator set)')
    .option(
      '--listen <host:port>',
      'libp2p listen address written to the config',
      hostPort,
      '127.0.0.1:26656',
    )
    .option('--http-port <port>', 'client interface port written to the config', port, 26657)
    .option('--key <file>', 'take this existing key file instead of writing a new key')
    .action((o: { home: string; id: string; listen: string; httpPort: number; key?: string }) => {
      const layout = initHome(o.home, {
        id: o.id,
        listen: o.listen,
        httpPort: o.httpPort,
        ...(o.key === undefined ? {} : { importKey: o.key }),
      });
      process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
      process.stderr.write(
        `next: put the validator set file at ${join(o.home, 'validators.json')}, then: rx-consensus node --home ${o.home}\n`,
      );
    });

  const keyOf = (o: { home?: string; key?: string }): string => {
    if (o.key !== undefined) return o.key;
    if (o.home === undefined) usageError('give --home DIR or --key FILE');
    return nodeOptionsOf({}, o.home).key;
  };

  program
    .command('show-validator')
    .description("Print this validator's entry for the validator set file: id, public key and address.")
    .option('--home <dir>', 'home folder (from init)')
    .option('--key <file>', 'key file (instead of --home)')
    .action((o: { home?: string; key?: string }) => {
      const { key } = readKeyFile(keyOf(o));
      const listen = o.home === undefined ? undefined : readConfigFile(join(o.home, CONFIG_FILE)).listen;
      const entry = {
        id: key.id,
        publicKey: key.publicKey,
        ...(listen === undefined ? {} : { address: listen }),
      };
      process.stdout.write(`${JSON.stringify(entry)}\n`);
    });

  program
    .command('show-node-id')
    .description("Print this validator's libp2p peer id (derived from its key).")
    .option('--home <dir>', 'home folder (from init)')
    .option('--key <file>', 'key file (instead of --home)')
    .action(async (o: { home?: string; key?: string }) => {
      const { key } = readKeyFile(keyOf(o));
      const { loadLibp2p } = await import('../libp2p/modules');
      const { libp2pPeerIdOf } = await import('../libp2p/peers');
      process.stdout.write(`${libp2pPeerIdOf(await loadLibp2p(), key.publicKey).toString()}\n`);
    });

  const nodeAt = (o: { node?: string; home?: string }): string =>
    o.node ?? (o.home === undefined ? 'http://127.0.0.1:26657' : nodeUrlOf(o.home));
  const withNode = (command: Command): Command =>
    command
      .option('--node <url>', "the validator's client interface (default: http://127.0.0.1:26657)")
      .option('--home <dir>', "the validator's home folder: its config names the port (instead of --node)");

  withNode(program.command('status').description("Print a running validator's status (JSON).")).action(
    async (o: { node?: string; home?: string }) => {
      process.stdout.write(`${JSON.stringify(await nodeStatus(nodeAt(o)))}\n`);
    },
  );

  withNode(
    program
      .command('submit')
      .description('Give a running validator one mutation for its next frames.')
      .argument('<mutation>', 'the mutation (text)'),
  ).action(async (mutation: string, o: { node?: string; home?: string }) => {
    const answer = await submitMutation(nodeAt(o), mutation);
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    if (!answer.accepted) {
      process.stderr.write(`refused: ${answer.reason ?? `HTTP ${answer.status}`}\n`);
      process.exitCode = 1;
    }
  });

  withNode(
    program
      .command('follow')
      .description("Print a running validator's finalized frames as JSON lines, from a rank on.")
      .option('--from <rank>', 'first rank to print', integerAtLeast(0), 0)
      .option('--until <rank>', 'exit after the frame at this rank or later', integerAtLeast(0))
      .option('--mutation <text>', 'exit after the first frame holding this mutation'),
  ).action(async (o: { node?: string; home?: string; from: number; until?: number; mutation?: string }) => {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const last = await followFinalized(
      nodeAt(o),
      {
        from: o.from,
        signal: stop.signal,
        ...(o.until === undefined ? {} : { until: o.until }),
        ...(o.mutation === undefined ? {} : { mutation: o.mutation }),
      },
      (frame) => process.stdout.write(`${JSON.stringify(frame)}\n`),
    );
    // The stream ends only when the node goes away: a follow with nothing to wait for is never done early.
    const reached =
      (o.until !== undefined && (last?.rank ?? -1) >= o.until) ||
      (o.mutation !== undefined && last?.mutations.includes(o.mutation) === true);
    if (!stop.signal.aborted && !reached) {
      process.stderr.write('the stream ended: the node stopped or went away\n');
      process.exitCode = 1;
    }
  });

  program
    .command('reset')
    .alias('unsafe-reset-all')
    .description(
      "Delete a validator's store (what it signed and finalized); keeps its key and config. Asks first.",
    )
    .option('--home <dir>', 'home folder (from init)')
    .option('--data-dir <dir>', 'the data dir (instead of --home)')
    .option('--yes', 'do not ask')
    .action(async (o: { home?: string; dataDir?: string; yes?: boolean }) => {
      const dataDir =
        o.dataDir ??
        (o.home === undefined
          ? usageError('give --home DIR or --data-dir DIR')
          : nodeOptionsOf({}, o.home).dataDir);
      const holder = lockHolder(dataDir);
      if (holder !== undefined)
        throw new Error(`data dir ${dataDir} in use by pid ${holder}: stop that validator first`);
      const files = readdirSync(dataDir);
      if (o.yes !== true) {
        if (!process.stdin.isTTY) usageError('reset deletes the store: confirm on a terminal, or add --yes');
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        const answer = await rl.question(
          `Delete ${files.length} file(s) in ${resolve(dataDir)}? The validator forgets what it signed: restart it only\n` +
            `on a network that has moved past those ranks, or it may sign twice. The key stays. [y/N] `,
        );
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) {
          process.stderr.write('nothing deleted\n');
          process.exitCode = 1;
          return;
        }
      }
      for (const f of files) rmSync(join(dataDir, f), { recursive: true, force: true });
      process.stdout.write(`${JSON.stringify({ reset: resolve(dataDir), deleted: files })}\n`);
    });

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
    .option('--network <name>', 'network name (gossip topic and protocol names)', 'testnet')
    .action((o: { dir: string; nodes: number; host: string; basePort: number; network: string }) => {
      const ports = Array.from({ length: o.nodes }, (_, i) => o.basePort + i);
      const layout = initTestnet(o.dir, ports, o.host, o.network);
      process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
    });

  program
    .command('node')
    .description(
      `Run one validator until SIGINT/SIGTERM; logs are JSON lines on stdout. Options come from --home DIR's ${CONFIG_FILE}, each flag overriding it.`,
    )
    .option('--home <dir>', `home folder (from init): its ${CONFIG_FILE} holds every option below`)
    .option('--key <file>', "this validator's key file (from init, keygen or testnet-init)")
    .option('--validators <file>', 'the validator set file (same on every validator)')
    .option('--data-dir <dir>', 'folder of the durable store (validator.db)')
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
    .option(
      '--http-port <port>',
      'serve the client interface (mutations, /status, /health, /metrics, /finalized) on this port (default: none)',
      port,
    )
    .option('--http-host <host>', 'address the client interface binds to (default: 127.0.0.1)')
    .addOption(new Option('--metrics-port <port>', 'old name of --http-port').argParser(port).hideHelp())
    .addOption(new Option('--metrics-host <host>', 'old name of --http-host').hideHelp())
    .option('--round-timeout <ms>', 'initial round timeout', integerAtLeast(1))
    .option('--resend-every <ms>', 'how often unanswered messages are sent again', integerAtLeast(1))
    .addOption(
      new Option(
        '--votes-to <who>',
        "who this validator's votes go to: every validator, or the next rank's leader only, which carries the certificate in its proposal (default: everyone)",
      ).choices(VOTES_TO),
    )
    .addOption(
      new Option(
        '--leaders <rule>',
        'how leaders are chosen: round robin, or skipping validators with no recent final frame but in one cycle of 25; every validator of the set must use the same (default: round-robin)',
      ).choices(LEADER_RULES),
    )
    .option(
      '--max-mutation-bytes <n>',
      'largest mutation the client interface takes (default: 4096)',
      integerAtLeast(1),
    )
    .option('--max-pending <n>', 'most mutations waiting in the pool (default: 10000)', integerAtLeast(1))
    .option(
      '--received-log-mib <MiB>',
      'rotate the log of signed items received from peers (DATA_DIR/received.ndjson) at this size, keeping one older file; 0: no log (default: 64)',
      integerAtLeast(0),
    )
    .addOption(new Option('--log-level <level>', 'log level (default: info)').choices(LOG_LEVELS))
    .action(async (o: NodeConfig & { home?: string; metricsPort?: number; metricsHost?: string }) => {
      const { home, metricsPort, metricsHost, ...flags } = o;
      await runNode(
        nodeOptionsOf(
          {
            ...flags,
            ...(flags.httpPort === undefined && metricsPort !== undefined ? { httpPort: metricsPort } : {}),
            ...(flags.httpHost === undefined && metricsHost !== undefined ? { httpHost: metricsHost } : {}),
          },
          home,
        ),
      );
    });

  addTestnetCommand(program);
  return program;
}
