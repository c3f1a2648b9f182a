/**
 * `node`: one validator process. Takes the data dir's lock, opens its store (refusing a corrupt
 * one), serves its client interface (`http-api.ts`), joins the network over libp2p, runs the
 * reference validator and logs JSON lines (pino) with its id and rank. SIGINT, SIGTERM and
 * SIGHUP stop it and close the store cleanly; so does the end of the `npx`/`npm exec` that
 * started it (npm runs the command through a shell that does not pass signals on).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Envelope } from '../wire/envelope';
import { createLibp2pTransport, type Libp2pTransport } from '../libp2p';
import { loadLibp2p } from '../libp2p/modules';
import { libp2pPeerIdOf } from '../libp2p/peers';
import { openSqliteValidatorStore, sendWhenDurable, type SqliteValidatorStore } from '../sqlite';
import { createReferenceValidator, type ReferenceValidator } from '../reference/validator/create-validator';
import { genesisFrame } from '../reference/frame';
import { chainScope } from '../reference/verification';
import { createMutationPool } from '../reference/mutation-pool';
import { openAcceptedLog, type AcceptedLog } from './accepted-log';
import { multiaddrOf, readKeyFile, readValidatorSetFile } from './files';
import type { NodeOptions } from './home';
import { createClientApi, listen } from './http-api';
import { lockDataDir } from './lock';
import { createNodeMetrics } from './metrics';
import { openReceivedLog } from './received-log';
import { ownPackageJson } from './requirements';

export type { NodeOptions } from './home';

/** The longest a log line waits in the buffer before it is written. */
const LOG_FLUSH_MS = 100;

/**
 * The process that started this one, read when the module loads: read any later, a parent that
 * died in between (right after it saw "started") would already be replaced, and its death missed.
 */
const launchedBy = process.ppid;

/** Fail with the port and the option when `host:port` is taken (port 0: the kernel picks). */
async function checkPortFree(address: string, option: string): Promise<void> {
  const at = address.lastIndexOf(':');
  const [host, port] = [address.slice(0, at), Number(address.slice(at + 1))];
  if (port === 0) return;
  const probe = createTcpServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `${option} ${address}: port ${port} is already in use (choose another ${option}, or change this validator's address in the validator set file)`,
            )
          : err,
      ),
    );
    probe.listen(port, host, () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
}

export async function runNode(options: NodeOptions): Promise<void> {
  const { key, signer, seed } = readKeyFile(options.key);
  const { file: setFile, set } = readValidatorSetFile(options.validators);
  if (!set.has(key.id))
    throw new Error(`validator ${key.id} (${options.key}) is not in ${options.validators}`);
  if (set.members.find((m) => m.id === key.id)?.publicKey !== key.publicKey) {
    throw new Error(`validator ${key.id}: the key file's public key differs from ${options.validators}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pino = require('pino') as typeof import('pino');
  const running: { validator?: ReferenceValidator } = {};
  // Lines are buffered (up to 4 KiB, at most LOG_FLUSH_MS) and written together: a synchronous
  // write per line was about 3% of a validator's CPU. Pino writes out the rest when the process
  // exits; a `kill -9` loses at most the last LOG_FLUSH_MS of lines.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
  const log: Logger = pino.pino(
    {
      level: options.logLevel,
      base: { node: key.id },
      mixin: () => (running.validator === undefined ? {} : { rank: running.validator.status().rank }),
    },
    destination,
  );

  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(options.dataDir);
  process.once('exit', () => lock.release());
  // The set file's network name is the chain id: it names the genesis, and with the validator
  // set it makes the chain scope every signature covers. The data dir serves that chain only.
  const genesis = genesisFrame(setFile.network);
  const chain = chainScope(genesis, set);
  const self = setFile.validators.find((v) => v.id === key.id)!;
  const listenAt = options.listen ?? self.address ?? '127.0.0.1:0';
  await checkPortFree(listenAt, '--listen');

  let closing = false;
  const version = ownPackageJson().version;
  const net: { transport?: Libp2pTransport } = {};
  const accepted: { log?: AcceptedLog } = {};
  const opened: { store?: SqliteValidatorStore } = {};
  const metrics = createNodeMetrics(
    () => net.transport?.counters() ?? { messagesIn: 0, messagesOut: 0 },
    () => running.validator?.mutationPool.size ?? 0,
    () => opened.store?.writes() ?? { synced: 0, unsynced: 0 },
  );
  const server =
    options.httpPort === undefined
      ? undefined
      : await listen(
          createClientApi({
            validator: () => running.validator,
            metrics,
            about: () => ({
              id: key.id,
              network: setFile.network,
              version,
              peers: net.transport?.connectedValidators().length ?? 0,
            }),
            running: () => !closing && running.validator !== undefined,
            maxMutationBytes: options.maxMutationBytes,
            maxPending: options.maxPending,
            record: (mutation) => accepted.log?.record(mutation),
          }),
          options.httpPort,
          options.httpHost,
          '--http-port',
        );

  // One fsync per group of signed messages, off the event loop; what they go in waits for it.
  const store = openSqliteValidatorStore(join(options.dataDir, 'validator.db'), { chain, sync: 'group' });
  opened.store = store;
  // Mutations acknowledged before a crash and not finalized go back into the pool.
  accepted.log = openAcceptedLog(options.dataDir, (after, limit) => store.finalizedAfter(after, limit));
  // The launcher bundles libp2p into one module beside the command's own bundle; without it (the
  // source run through tsx) the packages load one by one.
  const stack = join(__dirname, 'libp2p-stack.mjs');
  const modules = await loadLibp2p(existsSync(stack) ? stack : undefined);
  const peers =
    options.peers ??
    setFile.validators
      .filter((v) => v.id !== key.id && v.address !== undefined)
      .map((v) => multiaddrOf(v.address!, libp2pPeerIdOf(modules, v.publicKey).toString()));
  const transport = await createLibp2pTransport({
    self: key.id,
    seed,
    validators: setFile.validators,
    network: setFile.network,
    listen: [multiaddrOf(listenAt)],
    peers: peers.map((p) => (p.startsWith('/') ? p : multiaddrOf(p))),
    onRefused: (reason, peer, detail) => {
      metrics.refused('transport', reason);
      log.warn({ reason, peer, detail }, 'refused');
    },
  });
  net.transport = transport;
  const roundTimeout =
    options.roundTimeout === undefined ? {} : { roundTimeout: { initial: options.roundTimeout } };
  const v = createReferenceValidator({
    self: key.id,
    signer,
    validators: set,
    transport: sendWhenDurable(transport, store, (err) => {
      // Closing the store drops what waited for it: only a failure while running is news.
      if (!closing) log.error({ err }, 'store: syncing what was signed failed; nothing more is sent');
    }),
    store,
    mutationPool: createMutationPool(accepted.log.recovered),
    genesis,
    ...roundTimeout,
    ...(options.resendEvery === undefined ? {} : { resendEvery: options.resendEvery }),
    ...(options.votesTo === undefined ? {} : { votesTo: options.votesTo }),
    ...(options.leaders === undefined ? {} : { leaders: options.leaders }),
    tracer: { trace: (msg) => log.trace(msg), error: (msg, err) => log.error({ err }, msg) },
  });
  running.validator = v;
  // What this validator received signed by its peers, one line per item: how a testnet judges
  // double signing from outside the signer.
  const received = openReceivedLog(options.dataDir, {
    limitBytes: options.receivedLogMib * 1024 * 1024,
    onError: (err, problem) => log.error({ err }, `received log: ${problem}`),
  });
  v.received$.subscribe((entry) => received.write(entry));
  /** One `proposed` line per frame (re-sends are not logged): the start of its finalization latency. */
  let lastProposed = '';
  const proposed = (envelope: Envelope): void => {
    const frame = (envelope.body as { proposal?: { id?: unknown } }).proposal?.id;
    if (typeof frame !== 'string' || frame === lastProposed) return;
    lastProposed = frame;
    log.info({ frame }, 'proposed');
  };
  v.events$.subscribe((event) => {
    switch (event.kind) {
      case 'finalized':
        metrics.finalized(event.rank);
        log.info({ rank: event.rank, frame: event.frame.id }, 'finalized');
        break;
      case 'rank':
        metrics.rankChanged(event.rank, event.by);
        log.debug({ by: event.by }, 'rank');
        break;
      case 'sent':
        metrics.sent(event.envelope.kind);
        if (event.envelope.kind === 'proposal') proposed(event.envelope);
        break;
      case 'refused':
        metrics.refused('validator', event.reason);
        log.debug({ reason: event.reason, sender: event.sender, detail: event.message }, 'refused');
        break;
      case 'caught-up':
        metrics.caughtUp();
        log.info({ upTo: event.rank }, 'caught up');
        break;
      case 'error':
        log.error(event.message);
        break;
    }
  });

  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'stopping');
    v.stop();
    v.close();
    server?.close();
    server?.closeAllConnections();
    void transport
      .stop()
      .finally(() => received.close())
      .finally(() => {
        accepted.log?.close();
        store.close();
        lock.release();
        log.info('store closed');
        log.flush?.();
        process.exit(0);
      });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => shutdown(signal));
  // Signals are handled before anything says "started": a supervisor that stops the validator as
  // soon as it reads that line must find the handlers in place, not Node's default of dying.
  v.start();
  log.info(
    {
      peerId: transport.peerId,
      listen: transport.addresses(),
      peers: peers.length,
      resumeFrom: store.lastFinalized()?.frame.rank ?? -1,
      recoveredMutations: accepted.log.recovered.length,
    },
    'started',
  );

  if (process.env.npm_command === 'exec') {
    // Under npx the parent is npm's shell, which a signal ends without passing it on.
    setInterval(() => {
      if (process.ppid !== launchedBy) shutdown('npx ended');
    }, 500).unref();
  }
}
