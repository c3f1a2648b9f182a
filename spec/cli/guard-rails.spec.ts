/**
 * The operator's guard rails, each shown by running the real command: a data dir in use, a key
 * file others can read, a validator set with a key or an address twice, ports in use, signals
 * (also through a shell that does not pass them on, as `npx` runs the command), `--version`, and
 * a reset that asks first. Waits are on the node's own output, with generous deadlines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePorts } from '../../src/cli/ports';
import { LAUNCHER } from '../../src/cli/processes';
import { initTestnet, type TestnetLayout } from '../../src/cli/testnet-init';
import { tempDir } from '../sqlite/fixtures';

interface Running {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the output once it contains `text`; rejects after `deadline` ms or on exit. */
  waitFor(text: string, deadline?: number): Promise<string>;
  exited: Promise<number | null>;
}

function start(args: readonly string[], options: { shell?: boolean } = {}): Running {
  const command = [process.execPath, LAUNCHER, ...args];
  const child = options.shell
    ? // As npx runs it: a shell between the caller and the command, npm_command=exec in the environment.
      spawn('sh', ['-c', `${command.map((a) => `'${a}'`).join(' ')}; exit $?`], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_command: 'exec' },
      })
    : spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const add = (d: Buffer): void => {
    out += d.toString();
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (text, deadline = 60000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!out.includes(text)) return;
          cleanup();
          resolve(out);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no "${text}" within ${deadline} ms; output:\n${out}`));
        }, deadline);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            cleanup();
            if (out.includes(text)) resolve(out);
            else reject(new Error(`exited before "${text}"; output:\n${out}`));
          }
        });
        check();
      }),
  };
}

const finished = async (args: readonly string[]): Promise<{ code: number | null; output: string }> => {
  const r = start(args);
  return { code: await r.exited, output: r.output() };
};

const occupy = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

// Each case starts the command through tsx, several seconds on a loaded machine.
const SLOW = 120000;

describe('the command guards the operator', () => {
  let dir: string;
  let layout: TestnetLayout;
  let ports: number[];
  const started: Running[] = [];
  beforeEach(async () => {
    dir = tempDir();
    ports = await freePorts(4);
    layout = initTestnet(dir, [ports[0]!]);
  });
  afterEach(() => {
    for (const r of started.splice(0)) r.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const nodeArgs = (extra: readonly string[] = []): string[] => {
    const v = layout.validators[0]!;
    return ['node', '--key', v.keyFile, '--validators', layout.setFile, '--data-dir', v.dataDir, ...extra];
  };

  it(
    '--version and version print the package version',
    async () => {
      const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
        version: string;
      };
      expect(await finished(['--version'])).toEqual({ code: 0, output: `${version}\n` });
      expect(await finished(['version'])).toEqual({ code: 0, output: `${version}\n` });
    },
    SLOW,
  );

  it(
    'refuses a key file that group or others can read, naming the mode',
    async () => {
      const key = layout.validators[0]!.keyFile;
      chmodSync(key, 0o644);
      const { code, output } = await finished(nodeArgs());
      expect(code).toBe(1);
      expect(output).toContain(`key file ${key} is readable by group or others (mode 0644)`);
      expect(readdirSync(layout.validators[0]!.dataDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a validator set with one public key or one address twice',
    async () => {
      const set = JSON.parse(readFileSync(layout.setFile, 'utf8')) as {
        validators: { id: string; publicKey: string; address: string }[];
      };
      const v1 = set.validators[0]!;
      writeFileSync(
        layout.setFile,
        JSON.stringify({ ...set, validators: [v1, { ...v1, id: 'v2', address: '127.0.0.1:1' }] }),
      );
      const keyTwice = await finished(nodeArgs());
      expect(keyTwice.code).toBe(1);
      expect(keyTwice.output).toContain(`validators v1 and v2 have the same publicKey ${v1.publicKey}`);
      const other = 'ab'.repeat(32);
      writeFileSync(
        layout.setFile,
        JSON.stringify({ ...set, validators: [v1, { ...v1, id: 'v2', publicKey: other }] }),
      );
      const addressTwice = await finished(nodeArgs());
      expect(addressTwice.code).toBe(1);
      expect(addressTwice.output).toContain(`validators v1 and v2 have the same address ${v1.address}`);
    },
    SLOW,
  );

  it(
    'names the port in use and the option that chose it',
    async () => {
      const [listenPort, httpPort] = [ports[0]!, ports[1]!];
      const taken = await occupy(listenPort);
      try {
        const p2p = await finished(nodeArgs());
        expect(p2p.code).toBe(1);
        expect(p2p.output).toContain(
          `--listen 127.0.0.1:${listenPort}: port ${listenPort} is already in use`,
        );
        expect(p2p.output).not.toContain('faultTolerance');
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
      const httpTaken = await occupy(httpPort);
      try {
        const http = await finished(nodeArgs(['--http-port', String(httpPort)]));
        expect(http.code).toBe(1);
        expect(http.output).toContain(
          `--http-port ${httpPort}: port ${httpPort} on 127.0.0.1 is already in use (choose another --http-port)`,
        );
      } finally {
        await new Promise((resolve) => httpTaken.close(resolve));
      }
    },
    SLOW,
  );

  it(
    'locks the data dir: a second validator on it is refused with the pid; SIGTERM frees it',
    async () => {
      const first = start(nodeArgs(['--http-port', String(ports[1])]));
      started.push(first);
      await first.waitFor('"msg":"started"');
      const lock = join(layout.validators[0]!.dataDir, 'LOCK');
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));

      const second = await finished(nodeArgs(['--listen', `127.0.0.1:${ports[2]}`]));
      expect(second.code).toBe(1);
      expect(second.output).toContain(
        `data dir ${layout.validators[0]!.dataDir} in use by pid ${first.child.pid}`,
      );
      const reset = await finished(['reset', '--data-dir', layout.validators[0]!.dataDir, '--yes']);
      expect(reset.code).toBe(1);
      expect(reset.output).toContain(`in use by pid ${first.child.pid}`);

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('"msg":"store closed"');
      expect(existsSync(lock)).toBe(false);
    },
    SLOW,
  );

  it(
    'refuses to start on a data dir of another chain: the set file names the chain',
    async () => {
      const first = start(nodeArgs());
      started.push(first);
      await first.waitFor('"msg":"started"');
      first.child.kill('SIGTERM');
      // With its output, so that a failed stop says why.
      expect({ code: await first.exited, output: first.output() }).toEqual({
        code: 0,
        output: expect.stringContaining('"msg":"store closed"'),
      });

      const set = JSON.parse(readFileSync(layout.setFile, 'utf8')) as { network: string };
      writeFileSync(layout.setFile, JSON.stringify({ ...set, network: `${set.network}-fork` }));
      const db = join(layout.validators[0]!.dataDir, 'validator.db');
      const before = readFileSync(db);
      const other = await finished(nodeArgs());
      expect(other.code).toBe(1);
      expect(other.output).toMatch(
        new RegExp(
          `validator store ${db} belongs to chain [0-9a-f]{32}, not [0-9a-f]{32}: a data dir serves one chain`,
        ),
      );
      expect(other.output).not.toContain('"msg":"started"');
      expect(readFileSync(db).equals(before)).toBe(true);
    },
    SLOW,
  );

  it(
    'stops when the shell npx runs it through is stopped',
    async () => {
      const wrapped = start(nodeArgs(), { shell: true });
      started.push(wrapped);
      await wrapped.waitFor('"msg":"started"');
      wrapped.child.kill('SIGTERM'); // the shell dies; the validator is not signalled
      await wrapped.waitFor('"msg":"store closed"');
      expect(wrapped.output()).toContain('"signal":"npx ended"');
      expect(existsSync(join(layout.validators[0]!.dataDir, 'LOCK'))).toBe(false);
    },
    SLOW,
  );

  it(
    'reset asks first: without a terminal it needs --yes; it keeps the key',
    async () => {
      const v = layout.validators[0]!;
      writeFileSync(join(v.dataDir, 'validator.db'), 'x');
      const refused = await finished(['reset', '--data-dir', v.dataDir]);
      expect(refused.code).toBe(2);
      expect(refused.output).toContain('reset deletes the store: confirm on a terminal, or add --yes');
      expect(readdirSync(v.dataDir)).toEqual(['validator.db']);
      const done = await finished(['reset', '--data-dir', v.dataDir, '--yes']);
      expect(done.code).toBe(0);
      expect(readdirSync(v.dataDir)).toEqual([]);
      expect(existsSync(v.keyFile)).toBe(true);
    },
    SLOW,
  );
});
