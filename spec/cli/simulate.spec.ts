/**
 * `npm run simulate` as a user runs it: the exit status says whether every checked property held
 * (0), one failed (1), or the command itself was wrong (2); --json and --html write their files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const simulate = (...args: string[]) =>
  spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'examples', 'simulate.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });

describe('the simulate command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-'));

  it('exits 0 when every checked property held, and writes the JSON summary and the HTML page', () => {
    const json = join(dir, 'run.json');
    const html = join(dir, 'run.html');
    const run = simulate(
      '--nodes',
      '4',
      '--byzantine',
      '1',
      '--behaviour',
      'double-voter',
      '--duration',
      '1500',
      '--json',
      json,
      '--html',
      html,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/every checked property held/);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.summary.ok).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\s*$/);
    // The run's JSON replays the same run; --json alone prints only the JSON.
    const again = simulate('--replay', json, '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).summary).toEqual(written.summary);
  });

  it('exits 1 when a checked property failed (liveness, when asked for)', () => {
    const run = simulate(
      '--nodes',
      '4',
      '--latency',
      '2000',
      '--duration',
      '9000',
      '--stall-limit',
      '1000',
      '--expect-liveness',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/liveness: no honest node finalized anything/);
  });

  it('exits 2 with a readable message for a scenario that breaks the rules, or a bad option', () => {
    const run = simulate('--nodes', '4', '--byzantine', '2');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/2 Byzantine nodes out of 4: at most 1/);
    const bad = simulate('--loss', '2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--loss is a probability from 0 to 1/);
  });
});
