#!/usr/bin/env node
// The rx-consensus command. From an installed package it runs the compiled dist/cli.js (`npm run
// build`). From a checkout (src/ beside this folder) it runs the source bundled into
// .cli-build/cli.js, bundled again (esbuild, about a second) whenever a source file is newer than
// the bundle: a validator then starts without compiling TypeScript in every process. Without
// esbuild, or in a checkout it may not write to, it runs the source through tsx.
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'cli', 'main.ts');

/** The newest modification time among the sources and the build settings. */
function newestSource() {
  let newest = 0;
  for (const file of readdirSync(join(root, 'src'), { recursive: true })) {
    if (file.endsWith('.ts')) newest = Math.max(newest, statSync(join(root, 'src', file)).mtimeMs);
  }
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin/rx-consensus.js', 'bin/cli-external.js']) {
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  return newest;
}

/**
 * .cli-build/cli.js, bundled again when older than a source, and beside it libp2p-stack.mjs: the
 * libp2p packages in one ES module, which Node loads in a fraction of the time it takes to load
 * their several hundred files. Undefined without esbuild.
 */
function bundled() {
  const out = join(root, '.cli-build', 'cli.js');
  const stack = join(root, '.cli-build', 'libp2p-stack.mjs');
  const newest = newestSource();
  const fresh = (file) => existsSync(file) && statSync(file).mtimeMs >= newest;
  if (fresh(out) && fresh(stack)) return out;
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return undefined;
  }
  mkdirSync(join(root, '.cli-build'), { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'error' };
  const tsconfig = join(root, 'tsconfig.build.json');
  build(stack, (outfile) =>
    esbuild.buildSync({
      ...common,
      entryPoints: [join(root, 'src', 'libp2p', 'stack.ts')],
      outfile,
      format: 'esm',
      tsconfig,
      // CommonJS code inside the ES module asks for `require`.
      banner: { js: "import { createRequire as rxcCreateRequire } from 'node:module'; const require = rxcCreateRequire(import.meta.url);" },
    }),
  );
  build(out, (outfile) =>
    esbuild.buildSync({ ...common, entryPoints: [source], outfile, format: 'cjs', external: require('./cli-external.js'), tsconfig }),
  );
  return out;
}

/** Several processes may start at once: each bundles to its own file and renames it in. */
function build(file, make) {
  const staging = `${file}.${process.pid}.tmp`;
  try {
    make(staging);
    renameSync(staging, file);
  } finally {
    rmSync(staging, { force: true });
  }
}

let entry = join(root, 'dist', 'cli.js');
/** The bundle, or undefined when it cannot be made (no esbuild, a read-only checkout). */
function bundledIfPossible() {
  try {
    return bundled();
  } catch {
    return undefined;
  }
}

if (existsSync(source)) {
  const built = bundledIfPossible();
  if (built !== undefined) entry = built;
  else {
    try {
      require('tsx/cjs');
      entry = source;
    } catch {
      // no esbuild, no tsx: fall back to the build
    }
  }
}
require(entry).main(process.argv.slice(2));
