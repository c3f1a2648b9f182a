/**
 * The `rx-consensus` command for the published package: `src/cli/main.ts` bundled into one
 * CommonJS file, `dist/cli.js`, which `bin/rx-consensus.js` runs when there is no source to run
 * through tsx. Its packages (commander, pino, prom-client, better-sqlite3, libp2p) stay external:
 * they are the package's optional peers.
 */
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: false,
  dts: false,
  sourcemap: true,
  tsconfig: 'tsconfig.build.json',
});
