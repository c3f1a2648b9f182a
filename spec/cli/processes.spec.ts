/**
 * The command as separate processes on loopback: real time, real sockets, real SIGKILL. The
 * testnet run covers a 4-process network finalizing 20 ranks with one validator killed mid-run
 * and restarted, judged from the durable stores.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAUNCHER } from '../../src/cli/processes';
import { initTestnet } from '../../src/cli/testnet-init';
import { tempDir } from '../sqlite/fixtures';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How long a process may take to get where a test waits for it: generous, because the suite must
 * pass on a machine busy with other work (a validator's start-up alone took 35 s under load).
 */
const BUSY = 240_000;
jest.setTimeout(BUSY + 30_000);

const run = (args: readonly string[], timeoutMs = BUSY): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

describe('rx-consensus as processes', () => {
  it('exits 2 with a message on bad options', async () => {
    const bad = await run(['testnet', '--nodes', '4', '--kill', '7@100', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kill 7@100: validators are 1 to 4');
    expect(bad.stdout).toBe('');
    expect((await run(['testnet', '--ranks', 'many'])).code).toBe(2);
  });

  it('a validator refuses to start on a corrupted store, naming the file', async () => {
    const dir = tempDir();
    try {
      const layout = initTestnet(dir, [0]);
      const v = layout.validators[0]!;
      mkdirSync(v.dataDir, { recursive: true });
      const db = join(v.dataDir, 'validator.db');
      writeFileSync(db, Buffer.alloc(8192, 0x42));
      const started = await run(
        ['node', '--key', v.keyFile, '--validators', layout.setFile, '--data-dir', v.dataDir],
        BUSY,
      );
      expect(started.code).toBe(1);
      expect(started.stderr).toContain(`validator store ${db} cannot be trusted`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Generous deadlines: four processes start through tsx, slow on a loaded machine; the verdict is the check.
  it('4 processes finalize 20 ranks; one SIGKILLed and restarted catches up; the stores agree', async () => {
    const { code, stdout, stderr } = await run(
      ['testnet', '--nodes', '4', '--ranks', '20', '--kill', '1@3000', '--timeout', `${BUSY}`, '--json'],
      BUSY + 20_000,
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    if (code !== 0) console.error(stderr, result);
    expect(result).toMatchObject({ agree: true, doubleSigned: 0, restarts: 1, reachedTarget: true });
    expect(result).not.toHaveProperty('dir'); // removed after the good verdict, so not named
    expect(result.ranks).toBeGreaterThanOrEqual(20);
    // Its log shows it back at the head the others had when it was started again.
    const [kill] = result.kills as { id: string; restartedAt?: number; backAfterMs?: number | null }[];
    expect(kill).toMatchObject({
      id: 'v1',
      restartedAt: expect.any(Number),
      backAfterMs: expect.any(Number),
    });
    expect(kill!.backAfterMs).toBeGreaterThanOrEqual(0);
    expect(code).toBe(0);
  });
});
