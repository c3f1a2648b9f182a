/**
 * `node`: one validator process. Opens its store (refusing a corrupt one), joins the network over
 * libp2p, runs the reference validator, logs JSON lines (pino) with its id and rank, serves
 * `/metrics` and `/health`, and on SIGINT/SIGTERM stops and closes the store cleanly.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Envelope } from '../wire/envelope';
import { createLibp2pTransport, type Libp2pTransport } from '../libp2p';
import { loadLibp2p } from '../libp2p/modules';
import { libp2pPeerIdOf } from '../libp2p/peers';
import { openSqliteValidatorStore } from '../sqlite';
import { createReferenceValidator, type ReferenceValidator } from '../reference/validator/create-validator';
import { genesisFrame } from '../reference/frame';
import { chainScope } from '../reference/verification';
import { multiaddrOf, readKeyFile, readValidatorSetFile } from './files';
import { createNodeMetrics, serveMetrics } from './metrics';
import { RECEIVED_FILE } from './verdict';

export interface NodeOptions {
  readonly key: string;
  readonly validators: string;
  readonly dataDir: string;
  readonly listen?: string;
  readonly peers?: readonly string[];
  readonly metricsPort?: number;
  readonly metricsHost: string;
  readonly logLevel: string;
  readonly roundTimeout?: number;
  readonly resendEvery?: number;
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
  const log: Logger = pino.pino({
    level: options.logLevel,
    base: { node: key.id },
    mixin: () => (running.validator === undefined ? {} : { rank: running.validator.status().rank }),
  });

  mkdirSync(options.dataDir, { recursive: true });
  // The set file's network name is the chain id: it names the genesis, and with the validator
  // set it makes the chain scope every signature covers. The data dir serves that chain only.
  const genesis = genesisFrame(setFile.network);
  const chain = chainScope(genesis, set);
  const store = openSqliteValidatorStore(join(options.dataDir, 'validator.db'), { chain });
  const modules = await loadLibp2p();
  const self = setFile.validators.find((v) => v.id === key.id)!;
  const listenAt = options.listen ?? self.address ?? '127.0.0.1:0';
  const peers =
    options.peers ??
    setFile.validators
      .filter((v) => v.id !== key.id && v.address !== undefined)
      .map((v) => multiaddrOf(v.address!, libp2pPeerIdOf(modules, v.publicKey).toString()));
  const net: { transport?: Libp2pTransport } = {};
  const metrics = createNodeMetrics(() => net.transport?.counters() ?? { messagesIn: 0, messagesOut: 0 });
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
    transport,
    store,
    genesis,
    ...roundTimeout,
    ...(options.resendEvery === undefined ? {} : { resendEvery: options.resendEvery }),
    tracer: { trace: (msg) => log.trace(msg), error: (msg, err) => log.error({ err }, msg) },
  });
  running.validator = v;
  // What this validator received signed by its peers, one line per item: how a testnet judges
  // double signing from outside the signer.
  const received = createWriteStream(join(options.dataDir, RECEIVED_FILE), { flags: 'a' });
  received.on('error', (err) => log.error({ err }, 'received log: write failed'));
  v.received$.subscribe((entry) => received.write(`${JSON.stringify(entry)}\n`));
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

  let closing = false;
  let server: Server | undefined;
  if (options.metricsPort !== undefined) {
    server = await serveMetrics(
      metrics,
      () => {
        const s = v.status();
        return {
          ok: !closing,
          status: {
            id: key.id,
            rank: s.rank,
            state: s.state,
            finalizedRank: s.finalizedRank,
            peers: transport.connectedValidators().length,
          },
        };
      },
      options.metricsPort,
      options.metricsHost,
    );
  }
  v.start();
  log.info(
    {
      peerId: transport.peerId,
      listen: transport.addresses(),
      peers: peers.length,
      resumeFrom: store.lastFinalized()?.frame.rank ?? -1,
    },
    'started',
  );

  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'stopping');
    v.stop();
    v.close();
    server?.close();
    transport.stop().finally(() => {
      received.end();
      store.close();
      log.info('store closed');
      log.flush?.();
      process.exit(0);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
