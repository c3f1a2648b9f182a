/**
 * The `rx-consensus` command for the published package: `src/cli/main.ts` bundled into one
 * CommonJS file, `dist/cli.js`, which `bin/rx-consensus.js` runs when there is no source to run
 * through tsx. pino (its transports load files of their own), the native better-sqlite3 and
 * libp2p stay external; the pure-JavaScript rest (RxJS, fp-ts, io-ts, commander, prom-client,
 * @noble) is bundled in, because loading RxJS file by file alone took about 90 ms of every
 * validator's start-up. Beside it, `dist/libp2p-stack.mjs`: the libp2p packages
 * the command runs on, bundled into one ES module, because loading them file by file took most of
 * a validator's start-up (`loadLibp2p(stack)`; the checkout's launcher builds the same file).
 */
import { defineConfig } from 'tsup';

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
    noExternal: [
      /^rxjs(\/|$)/,
      /^fp-ts(\/|$)/,
      /^io-ts(\/|$)/,
      /^commander$/,
      /^prom-client$/,
      /^@noble\//,
      /^pure-rand/,
    ],
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
