/**
 * The two files a validator is started with. A key file holds one validator's id and Ed25519 seed
 * (secret: written mode 0600). A validator set file holds the network name and every validator's
 * id, public key and address; the libp2p peer id is derived from the public key, so it is not
 * listed. Both are JSON, read through io-ts codecs so a bad file names the bad field.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { reportFirst } from '../guard/io-ts-report';
import { boundedString } from '../wire/primitives';
import { PeerIdCodec } from '../reference/types';
import { ed25519SignerFromSeed, type Ed25519Signer } from '../reference/ed25519';
import { ValidatorSet } from '../reference/validator-set';

const Hex64 = boundedString('64 lowercase hex characters', 64, 64, /^[0-9a-f]{64}$/);
/** host:port, the host an IPv4 address or a DNS name. */
const Address = boundedString('HOST:PORT', 3, 262, /^[A-Za-z0-9.-]+:\d{1,5}$/);

export const KeyFileCodec = t.strict({ id: PeerIdCodec, publicKey: Hex64, seed: Hex64 }, 'key file');
export type KeyFile = t.TypeOf<typeof KeyFileCodec>;

export const ValidatorEntryCodec = t.intersection([
  t.strict({ id: PeerIdCodec, publicKey: Hex64 }),
  t.partial({ weight: t.number, address: Address }),
]);
export const ValidatorSetFileCodec = t.strict(
  {
    network: boundedString('network name (letters, digits, - and _)', 1, 64, /^[A-Za-z0-9_-]+$/),
    validators: t.array(ValidatorEntryCodec),
  },
  'validator set file',
);
export type ValidatorSetFile = t.TypeOf<typeof ValidatorSetFileCodec>;

/**
 * The most bytes each operator file may hold. A file is read whole, so it is priced by its size
 * before it is read: a set file handed over by another operator cannot make a node parse
 * gigabytes.
 */
export const FILE_LIMITS = {
  'key file': 4 * 1024,
  'validator set file': 4 * 1024 * 1024,
  'config file': 64 * 1024,
} as const;
export type OperatorFile = keyof typeof FILE_LIMITS;

/**
 * Read `file` as JSON through `codec`; every failure throws an `Error` whose message starts with
 * `what` and the file, then names the problem (the field, for a value the codec refuses).
 * `extra` may refuse the raw value further (return the problem).
 */
export function readJsonFile<A>(
  file: string,
  codec: t.Decoder<unknown, A>,
  what: OperatorFile,
  extra?: (raw: unknown) => string | undefined,
): A {
  let value: unknown;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a regular file');
    const limit = FILE_LIMITS[what];
    if (stat.size > limit) throw new Error(`${stat.size} bytes, more than the ${limit} a ${what} may hold`);
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const decoded = codec.decode(value);
  if (isLeft(decoded)) {
    const problem = reportFirst(decoded.left, what);
    throw new Error(`${what} ${file}: ${problem.field}: ${problem.problem}`);
  }
  const refused = extra?.(value);
  if (refused !== undefined) throw new Error(`${what} ${file}: ${refused}`);
  return decoded.right;
}

export function newKeyFile(id: string, seed: Uint8Array): KeyFile {
  return { id, publicKey: ed25519SignerFromSeed(seed).publicKey, seed: Buffer.from(seed).toString('hex') };
}

export function writeKeyFile(file: string, key: KeyFile): void {
  writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/**
 * Refuse a key file that others on the machine can read: its seed signs for the validator. (On
 * Windows there are no such mode bits to read.)
 */
export function checkKeyFileMode(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = `0${mode.toString(8).padStart(3, '0')}`;
    throw new Error(
      `key file ${file} is readable by group or others (mode ${octal}); it holds the signing key: chmod 600 ${file}`,
    );
  }
}

/** The key, checked: mode 0600 or stricter, and the public key must be the seed's. */
export function readKeyFile(file: string): { key: KeyFile; signer: Ed25519Signer; seed: Buffer } {
  try {
    checkKeyFileMode(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`key file ${file}: not found`);
    throw err;
  }
  const key = readJsonFile(file, KeyFileCodec, 'key file');
  const seed = Buffer.from(key.seed, 'hex');
  const signer = ed25519SignerFromSeed(seed);
  if (signer.publicKey !== key.publicKey) throw new Error(`key file ${file}: publicKey does not match seed`);
  return { key, signer, seed };
}

export function writeValidatorSetFile(file: string, set: ValidatorSetFile): void {
  writeFileSync(file, `${JSON.stringify(set, null, 2)}\n`);
}

export function readValidatorSetFile(file: string): { file: ValidatorSetFile; set: ValidatorSet } {
  const parsed = readJsonFile(file, ValidatorSetFileCodec, 'validator set file');
  const twice = sharedFields(parsed);
  if (twice !== undefined) throw new Error(`validator set file ${file}: ${twice}`);
  try {
    return { file: parsed, set: ValidatorSet.of(parsed.validators) };
  } catch (err) {
    throw new Error(`validator set file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The first id, public key or address two validators share. One key listed twice counts its
 * signer twice toward a quorum; one address listed twice leaves a validator unreachable.
 */
function sharedFields(set: ValidatorSetFile): string | undefined {
  for (const field of ['id', 'publicKey', 'address'] as const) {
    const seen = new Map<string, string>();
    for (const v of set.validators) {
      const value = v[field];
      if (value === undefined) continue;
      const first = seen.get(value);
      if (first !== undefined) return `validators ${first} and ${v.id} have the same ${field} ${value}`;
      seen.set(value, v.id);
    }
  }
  return undefined;
}

/** The libp2p multiaddr of `host:port` (an IPv4 address or a DNS name). */
export function multiaddrOf(address: string, peerId?: string): string {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at);
  const port = address.slice(at + 1);
  const proto = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ip4' : 'dns4';
  return `/${proto}/${host}/tcp/${port}${peerId === undefined ? '' : `/p2p/${peerId}`}`;
}
