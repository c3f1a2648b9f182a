/**
 * The command from a checkout runs its source bundled into .cli-build/cli.js: bundled when the
 * bundle is missing or older than a source, and run as it is otherwise (no compile per process).
 */
import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCHER } from '../../src/cli/processes';
import { ownPackageJson } from '../../src/cli/requirements';

const bundle = join(__dirname, '..', '..', '.cli-build', 'cli.js');
const version = (): string =>
  spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8' }).stdout.trim();

describe('the launcher in a checkout', () => {
  it('bundles the source when the bundle is older than it, and reuses a fresh one', () => {
    expect(version()).toBe(ownPackageJson().version);
    const fresh = statSync(bundle).mtimeMs;
    expect(version()).toBe(ownPackageJson().version);
    expect(statSync(bundle).mtimeMs).toBe(fresh); // fresh: run as it is

    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(bundle, past, past); // older than every source now
    expect(version()).toBe(ownPackageJson().version);
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(past.getTime());
  });
});
