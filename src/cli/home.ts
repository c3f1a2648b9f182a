/**
 * A validator's home folder, in the habit of CometBFT's: `init --home DIR` writes
 *
 *     DIR/config.json   every option of `node` (relative paths are read from DIR)
 *     DIR/key.json      the signing key (mode 0600)
 *     DIR/data/         the durable store
 *
 * and `node --home DIR` runs from it, each command-line flag overriding its config entry.
 * `validators.json` (the validator set, the same on every validator) is copied into DIR by the
 * operator; `config.json` names it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import * as t from 'io-ts';
import { newKeyFile, readJsonFile, readKeyFile, writeKeyFile, type KeyFile } from './files';
import { LeaderRuleCodec, VotesToCodec, type LeaderRule, type VotesTo } from '../reference/validator/options';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const Port = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'port (0 to 65535)');
const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'integer >= 1');
const NonNegativeInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'integer >= 0');
const HostPort = t.refinement(t.string, (s) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(s), 'HOST:PORT');
const LogLevelCodec = t.keyof(
  Object.fromEntries(LOG_LEVELS.map((l) => [l, null])) as Record<LogLevelName, null>,
  'log level (trace, debug, info, warn, error)',
);

/** Every option of `node`, as `config.json` holds them (all optional there; flags override). */
export const NodeConfigCodec = t.exact(
  t.partial({
    /** The key file. */
    key: t.string,
    /** The validator set file. */
    validators: t.string,
    /** The folder of the durable store. */
    dataDir: t.string,
    /** host:port libp2p listens on (default: this validator's address in the set file). */
    listen: HostPort,
    /** host:port of the validators to dial (default: every other validator's address in the set file). */
    peers: t.array(HostPort),
    /** The client interface's port: mutations, /status, /health, /metrics, /finalized (default: none). */
    httpPort: Port,
    /** The address the client interface binds to (default 127.0.0.1). */
    httpHost: t.string,
    logLevel: LogLevelCodec,
    /** The initial round timeout, ms. */
    roundTimeout: PositiveInt,
    /** How often unanswered messages are sent again, ms. */
    resendEvery: PositiveInt,
    /** Who votes go to: every validator (default) or the next rank's leader only. */
    votesTo: VotesToCodec,
    /** How leaders are chosen: round robin (default), or skipping validators without recent final frames. */
    leaders: LeaderRuleCodec,
    /** The largest mutation the client interface takes, bytes (default 4096). */
    maxMutationBytes: PositiveInt,
    /** The most mutations waiting in the pool; more are refused (default 10000). */
    maxPending: PositiveInt,
    /** The received log rotates at this size, MiB (two files are kept); 0: no log (default 64). */
    receivedLogMib: NonNegativeInt,
  }),
  'config file',
);
export type NodeConfig = t.TypeOf<typeof NodeConfigCodec>;

/** The options `node` runs with, once the config file and the flags are merged. */
export interface NodeOptions {
  readonly key: string;
  readonly validators: string;
  readonly dataDir: string;
  readonly listen?: string;
  readonly peers?: readonly string[];
  readonly httpPort?: number;
  readonly httpHost: string;
  readonly logLevel: LogLevelName;
  readonly roundTimeout?: number;
  readonly resendEvery?: number;
  readonly votesTo?: VotesTo;
  readonly leaders?: LeaderRule;
  readonly maxMutationBytes: number;
  readonly maxPending: number;
  readonly receivedLogMib: number;
}

export const NODE_DEFAULTS = {
  httpHost: '127.0.0.1',
  logLevel: 'info',
  maxMutationBytes: 4096,
  maxPending: 10000,
  receivedLogMib: 64,
} as const satisfies Partial<NodeOptions>;

export const CONFIG_FILE = 'config.json';

export function readConfigFile(file: string): NodeConfig {
  return readJsonFile(file, NodeConfigCodec, 'config file', (raw) => {
    const unknown = Object.keys(raw as object).filter((k) => !(k in NodeConfigCodec.type.props));
    return unknown.length > 0 ? `unknown option ${unknown.join(', ')}` : undefined;
  });
}

const PATHS = ['key', 'validators', 'dataDir'] as const;

/**
 * The options `node` runs with: defaults, then `home`'s config file (its paths read from `home`),
 * then the flags given. Throws naming what is still missing.
 */
export function nodeOptionsOf(flags: NodeConfig, home?: string): NodeOptions {
  let fromFile: NodeConfig = {};
  if (home !== undefined) {
    const file = join(home, CONFIG_FILE);
    if (!existsSync(file))
      throw new Error(`--home ${home}: no ${CONFIG_FILE} (run: rx-consensus init --home ${home})`);
    fromFile = readConfigFile(file);
    for (const p of PATHS) {
      const value = fromFile[p];
      if (value !== undefined && !isAbsolute(value)) fromFile = { ...fromFile, [p]: resolve(home, value) };
    }
  }
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as NodeConfig;
  const merged = { ...NODE_DEFAULTS, ...fromFile, ...given };
  for (const p of PATHS) {
    if (merged[p] === undefined) {
      const flag = `--${p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new Error(
        `${flag} is required (or "${p}" in ${home === undefined ? `--home DIR's ${CONFIG_FILE}` : join(home, CONFIG_FILE)})`,
      );
    }
  }
  return merged as NodeOptions;
}

export interface InitOptions {
  readonly id: string;
  readonly listen: string;
  readonly httpPort?: number;
  /** An existing key file to take (copied, mode 0600) instead of a new key. */
  readonly importKey?: string;
}

export interface HomeLayout {
  readonly home: string;
  readonly config: string;
  readonly key: string;
  readonly dataDir: string;
  readonly id: string;
  readonly publicKey: string;
}

/** Write a home folder. Refuses to overwrite a key or config file that is already there. */
export function initHome(home: string, options: InitOptions): HomeLayout {
  const config = join(home, CONFIG_FILE);
  const keyFile = join(home, 'key.json');
  for (const f of [config, keyFile])
    if (existsSync(f)) throw new Error(`${f} exists: init does not overwrite a home folder`);
  mkdirSync(join(home, 'data'), { recursive: true, mode: 0o700 });
  const key: KeyFile =
    options.importKey === undefined
      ? newKeyFile(options.id, randomBytes(32))
      : readKeyFile(options.importKey).key;
  writeKeyFile(keyFile, key);
  const content: NodeConfig = {
    key: 'key.json',
    validators: 'validators.json',
    dataDir: 'data',
    listen: options.listen,
    ...(options.httpPort === undefined ? {} : { httpPort: options.httpPort }),
    httpHost: NODE_DEFAULTS.httpHost,
    logLevel: NODE_DEFAULTS.logLevel,
    maxMutationBytes: NODE_DEFAULTS.maxMutationBytes,
    maxPending: NODE_DEFAULTS.maxPending,
    receivedLogMib: NODE_DEFAULTS.receivedLogMib,
  };
  writeFileSync(config, `${JSON.stringify(content, null, 2)}\n`, { flag: 'wx' });
  return { home, config, key: keyFile, dataDir: join(home, 'data'), id: key.id, publicKey: key.publicKey };
}
