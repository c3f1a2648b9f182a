/**
 * libp2p's packages are ES modules, imported from this CommonJS build through a Function that
 * TypeScript does not rewrite. Under Jest, which runs many spec files one after another in one
 * worker, each in a fresh VM context, that import must belong to the spec file running it: V8
 * caches compiled code by its text, and a shared text once tied every later file's import to the
 * first file, torn down by then ("You are trying to `import` a file after the Jest environment
 * has been torn down"). Three fixture files run in one worker here, in a child Jest.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

it('imports libp2p in every spec file a Jest worker runs, not only in the first', () => {
  const config = {
    rootDir: root,
    roots: ['<rootDir>/spec/libp2p/fixtures'],
    testMatch: ['**/*.fixture.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  };
  const run = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--config',
      JSON.stringify(config),
      '--maxWorkers=1',
      '--ci',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  expect({ status: run.status, torn: run.stderr.includes('torn down') }).toEqual({ status: 0, torn: false });
  expect(run.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
}, 120_000);
