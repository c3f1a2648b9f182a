/**
 * The client interface end to end: four validator processes on loopback, the example submits a
 * mutation to one and waits until all four finalized it (at one rank), and `rx-consensus follow`
 * finds it too. Waits are on the processes' own output and streams, with generous deadlines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { submitAndWait } from '../../examples/submit-and-wait';
import { freePorts } from '../../src/cli/ports';
import { LAUNCHER } from '../../src/cli/processes';
import { initTestnet } from '../../src/cli/testnet-init';
import { tempDir } from '../sqlite/fixtures';

const startedIn = (child: ChildProcess, deadline: number): Promise<void> =>
  new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not started within ${deadline} ms:\n${out}`)), deadline);
    const read = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('"msg":"started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });

describe('four validators and a client', () => {
  it('a mutation submitted to one is finalized by all four at one rank; follow finds it', async () => {
    const dir = tempDir();
    const ports = await freePorts(8);
    const layout = initTestnet(dir, ports.slice(0, 4));
    const nodes = layout.validators.map((v, i) =>
      spawn(
        process.execPath,
        [LAUNCHER, 'node', '--key', v.keyFile, '--validators', layout.setFile, '--data-dir', v.dataDir,
          '--http-port', String(ports[4 + i])], // prettier-ignore
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    try {
      await Promise.all(nodes.map((n) => startedIn(n, 90000)));
      const urls = ports.slice(4).map((p) => `http://127.0.0.1:${p}`);
      const mutation = 'transfer 5 from alice to bob';
      const all = await submitAndWait(urls, mutation, 90000);
      expect(all.map((f) => f.node)).toEqual(urls);
      expect(new Set(all.map((f) => f.rank)).size).toBe(1);
      expect(new Set(all.map((f) => f.frame)).size).toBe(1);

      const follow = spawn(process.execPath, [
        LAUNCHER,
        'follow',
        '--node',
        urls[2]!,
        '--mutation',
        mutation,
      ]);
      let lines = '';
      follow.stdout.on('data', (d: Buffer) => (lines += d.toString()));
      const code = await new Promise<number | null>((resolve) => follow.on('exit', resolve));
      expect(code).toBe(0);
      const last = JSON.parse(lines.trim().split('\n').pop()!) as { rank: number; mutations: string[] };
      expect(last).toMatchObject({ rank: all[0]!.rank, mutations: [mutation] });
    } finally {
      await Promise.all(
        nodes.map(
          (n) =>
            new Promise((resolve) => {
              if (n.exitCode !== null) return resolve(undefined);
              n.once('exit', resolve);
              n.kill('SIGTERM');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180000);
});
