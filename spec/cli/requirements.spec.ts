/**
 * What the command needs installed: every operator package is a declared optional peer of the
 * library, the validator package pins each to the version this repository's lock file tests (inside
 * the peer range), and a missing or misfit package is named with the version found and the range
 * needed, all of them in one message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeMisfits,
  installedVersion,
  misfits,
  OPERATOR_PACKAGES,
  ownPackageJson,
  satisfies,
  VALIDATOR_PACKAGE,
} from '../../src/cli/requirements';

const root = join(__dirname, '../..');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
interface Manifest {
  name: string;
  version: string;
  bin?: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}
const library = read<Manifest>('package.json');
const validator = read<Manifest>('packages/validator/package.json');
const lock = read<{ packages: Record<string, { version: string }> }>('package-lock.json');

describe('the packages the validator command runs on', () => {
  it('are optional peers of the library, each range one the check reads', () => {
    for (const name of OPERATOR_PACKAGES) {
      expect(library.peerDependenciesMeta[name]?.optional).toBe(true);
      expect(() => satisfies('1.0.0', library.peerDependencies[name]!)).not.toThrow();
    }
    expect(ownPackageJson()).toMatchObject({ name: 'rx-consensus', version: library.version });
  });

  it('are real dependencies of the validator package, pinned to the tested versions', () => {
    expect(validator.name).toBe(VALIDATOR_PACKAGE);
    expect(validator.version).toBe(library.version);
    expect(validator.bin).toEqual({ 'rx-consensus': 'bin/rx-consensus.js' });
    expect(validator.dependencies['rx-consensus']).toBe(library.version);
    expect(validator.dependencies.rxjs).toBe(lock.packages['node_modules/rxjs']!.version);
    for (const name of OPERATOR_PACKAGES) {
      const pinned = validator.dependencies[name]!;
      expect([name, pinned]).toEqual([name, lock.packages[`node_modules/${name}`]!.version]);
      expect([name, satisfies(pinned, library.peerDependencies[name]!)]).toEqual([name, true]);
    }
    expect(Object.keys(validator.dependencies).sort()).toEqual(
      ['rx-consensus', 'rxjs', ...OPERATOR_PACKAGES].sort(),
    );
  });

  it('are all installed here, at fitting versions', () => {
    expect(misfits()).toEqual([]);
    expect(installedVersion('libp2p')).toBe(lock.packages['node_modules/libp2p']!.version);
    expect(installedVersion('no-such-package-here')).toBeUndefined();
  });

  it('reads the range forms the library declares', () => {
    const cases: [string, string, boolean][] = [
      ['2.10.0', '~2.10.0', true],
      ['2.10.9', '~2.10.0', true],
      ['2.11.0', '~2.10.0', false],
      ['5.1.9', '^5.1.9', true],
      ['5.9.0', '^5.1.9', true],
      ['6.0.0', '^5.1.9', false],
      ['5.1.8', '^5.1.9', false],
      ['12.5.1', '^12.5.1', true],
      ['13.0.0', '^12.5.1', false],
      ['0.3.1', '^0.3.0', true],
      ['0.4.0', '^0.3.0', false],
      ['10.4.0', '>=9', true],
      ['8.9.9', '>=9', false],
      ['4.2.0', '^4', true],
      ['5.0.0', '^4', false],
      ['1.2.3', '1.2.3', true],
      ['1.2.4', '1.2.3', false],
      ['not a version', '^1.0.0', false],
    ];
    for (const [version, range, fits] of cases)
      expect([version, range, satisfies(version, range)]).toEqual([version, range, fits]);
    expect(() => satisfies('1.0.0', '1.x || 2')).toThrow('unsupported version range "1.x || 2"');
  });

  it('names every missing or misfit package at once, with the version found and the range needed', () => {
    const found: Record<string, string> = {
      '@libp2p/peer-id': '6.0.3',
      '@multiformats/multiaddr': '13.0.1',
      libp2p: '2.10.0',
    };
    const peers = library.peerDependencies;
    const wrong = misfits(peers, (name) => found[name] ?? (name === 'commander' ? undefined : '999.0.0'));
    const byName = new Map(wrong.map((m) => [m.name, m]));
    expect(byName.get('@libp2p/peer-id')).toEqual({
      name: '@libp2p/peer-id',
      found: '6.0.3',
      needed: peers['@libp2p/peer-id'],
    });
    expect(byName.get('commander')).toEqual({ name: 'commander', found: undefined, needed: peers.commander });
    expect(byName.has('libp2p')).toBe(false);
    const message = describeMisfits(wrong);
    expect(message).toContain(`  @libp2p/peer-id: found 6.0.3, needs ${peers['@libp2p/peer-id']}\n`);
    expect(message).toContain(
      `  @multiformats/multiaddr: found 13.0.1, needs ${peers['@multiformats/multiaddr']}\n`,
    );
    expect(message).toContain(`  commander: not installed, needs ${peers.commander}\n`);
    expect(message).toContain(`  npm install ${VALIDATOR_PACKAGE}\n`);
  });
});
