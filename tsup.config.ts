/**
 * The published build: every entry point of package.json's `exports` as ESM (`.mjs`) and
 * CommonJS (`.js`), each with its own declarations (`.d.mts`, `.d.ts`). The engine is
 * `src/index.ts`, every other entry `src/entries/<name>.ts`. Code shared by several entries is
 * split into chunks, so `rx-consensus` and `rx-consensus/reference` share one copy of the engine
 * (one `MachineState`, one `Rejection` class) in either module system. Dependencies and peers
 * stay external.
 */
import { defineConfig, type Options } from 'tsup';
import pkg from './package.json';

const entry = Object.fromEntries(
  Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) =>
      subpath === '.' ? ['index', 'src/index.ts'] : [subpath.slice(2), `src/entries/${subpath.slice(2)}.ts`],
    ),
);

// fp-ts 2 has no `exports` map: Node's ESM loader cannot resolve its directory subpaths
// (`fp-ts/Either`), so the built code names the file itself, which works from both module systems.
const fpTsFiles: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'fp-ts-files',
  setup(build) {
    build.onResolve({ filter: /^fp-ts\/[A-Za-z]+$/ }, (args) => ({
      path: `fp-ts/lib/${args.path.slice('fp-ts/'.length)}.js`,
      external: true,
    }));
  },
};

export default defineConfig({
  noExternal: [/^fp-ts\/[A-Za-z]+$/], // not bundled: fpTsFiles marks them external under their file name
  esbuildPlugins: [fpTsFiles],
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
  tsconfig: 'tsconfig.build.json',
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.js' }),
});
