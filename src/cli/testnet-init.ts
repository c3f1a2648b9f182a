/** `testnet-init`: keys and a validator set file for N validators on one machine. */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { newKeyFile, writeKeyFile, writeValidatorSetFile, type ValidatorSetFile } from './files';

export interface TestnetLayout {
  readonly dir: string;
  readonly setFile: string;
  readonly validators: readonly { id: string; keyFile: string; dataDir: string; address: string }[];
}

/**
 * Validator ids are v1…vN; `ports[i]` is validator i+1's listen port on `host`. The network name
 * is the chain id (default: `testnet-` and 8 random hex digits, so two testnets are two chains).
 */
export function initTestnet(
  dir: string,
  ports: readonly number[],
  host = '127.0.0.1',
  network = `testnet-${randomBytes(4).toString('hex')}`,
): TestnetLayout {
  mkdirSync(join(dir, 'keys'), { recursive: true });
  const validators = ports.map((port, i) => {
    const id = `v${i + 1}`;
    const keyFile = join(dir, 'keys', `${id}.json`);
    const dataDir = join(dir, 'data', id);
    mkdirSync(dataDir, { recursive: true });
    return { id, keyFile, dataDir, address: `${host}:${port}`, key: newKeyFile(id, randomBytes(32)) };
  });
  for (const v of validators) writeKeyFile(v.keyFile, v.key);
  const set: ValidatorSetFile = {
    network,
    validators: validators.map((v) => ({ id: v.id, publicKey: v.key.publicKey, address: v.address })),
  };
  const setFile = join(dir, 'validators.json');
  writeValidatorSetFile(setFile, set);
  return {
    dir,
    setFile,
    validators: validators.map(({ id, keyFile, dataDir, address }) => ({ id, keyFile, dataDir, address })),
  };
}
