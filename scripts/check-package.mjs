#!/usr/bin/env node
/**
 * The package as an outside project gets it. Builds, packs the tarball, installs it into a fresh
 * temporary project with rxjs from the registry (no fast-check, no @types/node), then:
 *   1. `require`s and `import`s every entry point of `exports`;
 *   2. type-checks a consumer of every entry with `skipLibCheck: false`, under `module: commonjs`
 *      and `module: nodenext`, without Node's types (as a browser project has it);
 *   3. bundles the engine and the reference protocol for the browser with esbuild.
 * Run by CI (`.ci/run`) as `npm run check:package`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const esbuild = join(root, 'node_modules/.bin/esbuild');
// Entries a consumer can load without installing an optional peer.
const OPTIONAL_PEER_ENTRIES = new Set(['./fast-check']);
const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const specifier = (subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`);

const run = (cmd, args, cwd) => {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    process.stderr.write(`\n✗ ${cmd} ${args.join(' ')} (in ${cwd})\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    process.exit(1);
  }
};
const step = (what) => process.stdout.write(`· ${what}\n`);

const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-consumer-'));
try {
  step('build and pack');
  run('npm', ['run', '--silent', 'build'], root);
  const tarball = join(
    dir,
    run('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').pop(),
  );

  step('install the tarball into a fresh project');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }),
  );
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      `rxjs@${pkg.peerDependencies.rxjs}`,
    ],
    dir,
  );

  step(`require and import ${subpaths.length} entry points`);
  for (const subpath of subpaths) {
    const name = specifier(subpath);
    const cjs = run('node', ['-e', `console.log(Object.keys(require(${JSON.stringify(name)})).length)`], dir);
    const esm = run(
      'node',
      ['--input-type=module', '-e', `console.log(Object.keys(await import(${JSON.stringify(name)})).length)`],
      dir,
    );
    if (Number(cjs) === 0 || cjs !== esm)
      throw new Error(`${name}: ${cjs.trim()} CommonJS exports, ${esm.trim()} ESM exports`);
  }

  step('the engine entry loads no simulator, no node:crypto and no fast-check');
  const loaded = run(
    'node',
    ['-e', `require('rx-consensus'); console.log(JSON.stringify(Object.keys(require.cache)))`],
    dir,
  );
  const own = JSON.parse(loaded).filter((f) => f.includes('/rx-consensus/dist/'));
  if (own.some((f) => /sim|fast-check/.test(f))) throw new Error(`the engine loads ${own.join(', ')}`);

  step('type-check consumers with skipLibCheck: false (commonjs, nodenext), without @types/node');
  const typed = subpaths.filter((s) => !OPTIONAL_PEER_ENTRIES.has(s));
  const body = typed
    .map(
      (s, i) =>
        `import * as entry${i} from '${specifier(s)}';\nexport const names${i}: string[] = Object.keys(entry${i});`,
    )
    .join('\n');
  const engineUse = [
    `import { createStateMachine, MachineState, type MachineEvent, type StateMachine } from 'rx-consensus';`,
    `export const voting: MachineState = MachineState.Voting;`,
    `export const start: MachineEvent = 'start';`,
    `export type Machine = StateMachine<{ id: string }, string, string, number>;`,
    `export const create: typeof createStateMachine = createStateMachine;`,
  ].join('\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/all.ts'), `${body}\n`);
  writeFileSync(join(dir, 'src/engine.ts'), `${engineUse}\n`);
  writeFileSync(join(dir, 'src/all.mts'), `${body}\n`);
  writeFileSync(join(dir, 'src/engine.mts'), `${engineUse}\n`);
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [],
  };
  const tsconfigs = {
    'tsconfig.commonjs.json': {
      compilerOptions: { ...compilerOptions, module: 'commonjs' },
      files: ['src/all.ts', 'src/engine.ts'],
    },
    'tsconfig.nodenext.json': {
      compilerOptions: { ...compilerOptions, module: 'nodenext' },
      files: ['src/all.mts', 'src/engine.mts'],
    },
  };
  for (const [file, config] of Object.entries(tsconfigs)) {
    writeFileSync(join(dir, file), JSON.stringify(config));
    run('node', [tsc, '-p', file], dir);
  }

  step('bundle the engine and the reference protocol for the browser');
  writeFileSync(
    join(dir, 'src/browser.mjs'),
    `import { createStateMachine } from 'rx-consensus';\nimport { seededSigner, ed25519Verifier } from 'rx-consensus/reference';\nconsole.log(typeof createStateMachine, typeof seededSigner, typeof ed25519Verifier);\n`,
  );
  run(
    esbuild,
    [
      'src/browser.mjs',
      '--bundle',
      '--minify',
      '--platform=browser',
      '--format=esm',
      '--log-level=error',
      '--outfile=out/browser.js',
    ],
    dir,
  );
  step('the package works from outside');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
