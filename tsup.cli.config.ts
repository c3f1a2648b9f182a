/**
 * The `rx-consensus` command for the published package: `src/cli/main.ts` bundled into one
 * CommonJS file, `dist/cli.js`, which `bin/rx-consensus.js` runs when there is no source to run
 * through tsx. What stays external is listed once, in `bin/cli-external.js` (the checkout's
 * launcher reads it too); the pure-JavaScript rest is bundled in. Beside it, `dist/libp2p-stack.mjs`: the libp2p packages
 * the command runs on, bundled into one ES module, because loading them file by file took most of
 * a validator's start-up (`loadLibp2p(stack)`; the checkout's launcher builds the same file).
 */
import { defineConfig } from 'tsup';
import cliExternal from './bin/cli-external.js';

/** A name of `bin/cli-external.js` as a pattern: the package and its subpaths, or a whole scope. */
const asPattern = (name: string): string => (name.endsWith('/*') ? name.slice(0, -1) : `${name}(?:/|$)`);

export default defineConfig([
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: false,
    dts: false,
    sourcemap: true,
    // Every package but those the launcher also leaves out (bin/cli-external.js).
    noExternal: [new RegExp(`^(?!(?:${cliExternal.map(asPattern).join('|')}))`)],
    tsconfig: 'tsconfig.build.json',
  },
  {
    entry: { 'libp2p-stack': 'src/libp2p/stack.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    outDir: 'dist',
    clean: false,
    dts: false,
    noExternal: [/.*/],
    tsconfig: 'tsconfig.build.json',
    // CommonJS code inside the ES module asks for `require`.
    banner: {
      js: "import { createRequire as rxcCreateRequire } from 'node:module'; const require = rxcCreateRequire(import.meta.url);",
    },
  },
]);
