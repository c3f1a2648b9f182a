import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { multiaddrOf, readKeyFile, readValidatorSetFile } from '../../src/cli/files';
import { hostPortList, integerAtLeast, killSpec, port } from '../../src/cli/options';
import { initTestnet } from '../../src/cli/testnet-init';
import { tempDir } from '../sqlite/fixtures';

describe('testnet-init and the files a validator starts from', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a secret key per validator and one validator set that lists them all', () => {
    const layout = initTestnet(dir, [9001, 9002, 9003]);
    expect(layout.validators.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
    const { file, set } = readValidatorSetFile(layout.setFile);
    // Each testnet is its own chain: the network name is the chain id.
    expect(file.network).toMatch(/^testnet-[0-9a-f]{8}$/);
    expect(set.size).toBe(3);
    for (const [i, v] of layout.validators.entries()) {
      expect(statSync(v.keyFile).mode & 0o777).toBe(0o600);
      const { key, signer } = readKeyFile(v.keyFile);
      expect(key.id).toBe(v.id);
      expect(file.validators[i]).toEqual({
        id: v.id,
        publicKey: signer.publicKey,
        address: `127.0.0.1:${9001 + i}`,
      });
    }
  });

  it('refuses to overwrite a key file', () => {
    initTestnet(dir, [9001]);
    expect(() => initTestnet(dir, [9001])).toThrow(/EEXIST/);
  });

  it('names the file and the field when a file is bad', () => {
    const layout = initTestnet(dir, [9001, 9002]);
    const key = JSON.parse(readFileSync(layout.validators[0]!.keyFile, 'utf8')) as Record<string, string>;
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...key, publicKey: 'ab'.repeat(32) }), { mode: 0o600 });
    expect(() => readKeyFile(forged)).toThrow(`key file ${forged}: publicKey does not match seed`);
    const badSet = join(dir, 'set.json');
    writeFileSync(badSet, JSON.stringify({ network: 'n', validators: [{ id: 'v1', publicKey: 'xyz' }] }));
    expect(() => readValidatorSetFile(badSet)).toThrow(new RegExp(`${badSet}.*publicKey`));
    writeFileSync(badSet, '{ not json');
    expect(() => readValidatorSetFile(badSet)).toThrow(badSet);
  });

  it('refuses a key file that group or others can read, naming its mode', () => {
    const layout = initTestnet(dir, [9001]);
    const file = layout.validators[0]!.keyFile;
    for (const mode of [0o640, 0o604, 0o644]) {
      chmodSync(file, mode);
      expect(() => readKeyFile(file)).toThrow(
        `key file ${file} is readable by group or others (mode 0${mode.toString(8)}); it holds the signing key: chmod 600 ${file}`,
      );
    }
    chmodSync(file, 0o400);
    expect(readKeyFile(file).key.id).toBe('v1');
    expect(() => readKeyFile(join(dir, 'absent.json'))).toThrow(
      `key file ${join(dir, 'absent.json')}: not found`,
    );
  });

  it('refuses a validator set in which two validators share an id, a public key or an address', () => {
    const layout = initTestnet(dir, [9001, 9002, 9003]);
    const good = JSON.parse(readFileSync(layout.setFile, 'utf8')) as {
      network: string;
      validators: { id: string; publicKey: string; address: string }[];
    };
    const [a, b, c] = good.validators as [
      (typeof good.validators)[0],
      (typeof good.validators)[0],
      (typeof good.validators)[0],
    ];
    const cases: [typeof good.validators, string][] = [
      [
        [a, { ...b, publicKey: a.publicKey }, c],
        `validators v1 and v2 have the same publicKey ${a.publicKey}`,
      ],
      [[a, b, { ...c, address: b.address }], `validators v2 and v3 have the same address ${b.address}`],
      [[a, b, { ...c, id: 'v1' }], 'validators v1 and v1 have the same id v1'],
    ];
    const file = join(dir, 'set.json');
    for (const [validators, problem] of cases) {
      writeFileSync(file, JSON.stringify({ ...good, validators }));
      expect(() => readValidatorSetFile(file)).toThrow(`validator set file ${file}: ${problem}`);
    }
  });

  it('turns host:port into a libp2p address', () => {
    expect(multiaddrOf('127.0.0.1:9001')).toBe('/ip4/127.0.0.1/tcp/9001');
    expect(multiaddrOf('validator-2.example:26600', '12D3KooX')).toBe(
      '/dns4/validator-2.example/tcp/26600/p2p/12D3KooX',
    );
  });
});

describe('command-line values', () => {
  it('parses --kill K@T, repeatable', () => {
    expect(killSpec('2@1500', killSpec('1@3000'))).toEqual([
      { node: 1, at: 3000 },
      { node: 2, at: 1500 },
    ]);
    for (const bad of ['1', '@3000', 'a@1', '1@-5', '1@3s'])
      expect(() => killSpec(bad)).toThrow(InvalidArgumentError);
  });

  it('checks integers, ports and address lists', () => {
    expect(integerAtLeast(1)('4')).toBe(4);
    for (const bad of ['0', '-1', '1.5', 'x', ''])
      expect(() => integerAtLeast(1)(bad)).toThrow(InvalidArgumentError);
    expect(() => port('70000')).toThrow(InvalidArgumentError);
    expect(hostPortList('a:1, b.example:2')).toEqual(['a:1', 'b.example:2']);
    expect(() => hostPortList('a:1,nope')).toThrow(/HOST:PORT/);
  });
});
