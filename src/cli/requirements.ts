/**
 * What the `rx-consensus` command needs installed beside it, checked all at once before it loads
 * any of it: each optional peer the validator runs on (libp2p and its modules, better-sqlite3,
 * pino, prom-client, commander) must be present at a version inside the range this package's
 * `peerDependencies` declares. A missing or misfit package is named with the version found and
 * the range needed, together with the one command that installs a set known to work.
 *
 * This module loads nothing but Node's own modules: it runs before commander is known to exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package that brings the command with every package it needs, pinned. */
export const VALIDATOR_PACKAGE = 'rx-consensus-validator';

/** The optional peers the command loads (the test helpers' fast-check is not one of them). */
export const OPERATOR_PACKAGES: readonly string[] = [
  'commander',
  'pino',
  'prom-client',
  'better-sqlite3',
  'libp2p',
  '@libp2p/tcp',
  '@chainsafe/libp2p-noise',
  '@chainsafe/libp2p-yamux',
  '@libp2p/crypto',
  '@libp2p/peer-id',
  '@multiformats/multiaddr',
  'it-length-prefixed',
];

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

/** This package's own package.json: beside src/ in a checkout, beside dist/ once installed. */
export function ownPackageJson(): PackageJson {
  for (const file of [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', 'package.json')]) {
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    if (pkg.name === 'rx-consensus') return pkg;
  }
  throw new Error(`rx-consensus: cannot find its own package.json from ${__dirname}`);
}

/** The version of `name` that `require` would load from `from`, or undefined when it is not installed. */
export function installedVersion(name: string, from: string = __dirname): string | undefined {
  // Read package.json directly: many of these packages' `exports` do not list it.
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as PackageJson).version;
    if (dirname(dir) === dir) return undefined;
  }
}

type Version = readonly [number, number, number];

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])];
}

const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether `version` is inside `range`, for the range forms this package declares: `^x.y.z`,
 * `~x.y.z`, `>=x[.y.z]`, `^x` and an exact `x.y.z`. Any other form throws (a spec reads every
 * declared range through this).
 */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  const r = range.trim();
  const m = /^(\^|~|>=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(r);
  if (m === null) throw new RangeError(`unsupported version range "${range}"`);
  if (v === undefined) return false;
  const [op, major, minor, patch] = [m[1] ?? '', Number(m[2]), m[3], m[4]];
  const base: Version = [major, Number(minor ?? 0), Number(patch ?? 0)];
  if (compare(v, base) < 0) return false;
  switch (op) {
    case '>=':
      return true;
    case '~':
      return v[0] === base[0] && (minor === undefined || v[1] === base[1]);
    case '^':
      return base[0] !== 0 ? v[0] === base[0] : v[0] === 0 && v[1] === base[1];
    default:
      return minor === undefined ? v[0] === base[0] : compare(v, base) === 0;
  }
}

export interface Misfit {
  readonly name: string;
  /** undefined: not installed. */
  readonly found: string | undefined;
  readonly needed: string;
}

/** Every operator package that is missing or outside its declared range. */
export function misfits(
  peers: Readonly<Record<string, string>> = ownPackageJson().peerDependencies ?? {},
  versionOf: (name: string) => string | undefined = (name) => installedVersion(name),
): Misfit[] {
  return OPERATOR_PACKAGES.flatMap((name) => {
    const needed = peers[name];
    if (needed === undefined) throw new Error(`rx-consensus: ${name} is not a declared peer`);
    const found = versionOf(name);
    return found !== undefined && satisfies(found, needed) ? [] : [{ name, found, needed }];
  });
}

/** The message for misfits: one line per package, then the install command. */
export function describeMisfits(found: readonly Misfit[]): string {
  return [
    'rx-consensus: the validator command needs packages that are missing or at versions that do not fit:',
    ...found.map(
      (m) =>
        `  ${m.name}: ${m.found === undefined ? 'not installed' : `found ${m.found}`}, needs ${m.needed}`,
    ),
    `Install the command with every package it needs, at versions known to work together:`,
    `  npm install ${VALIDATOR_PACKAGE}`,
    '',
  ].join('\n');
}
