/**
 * Validator processes for the testnet: spawn one (`rx-consensus node …`, its logs to a file), ask
 * it how far it is over its `/health` endpoint, SIGKILL it, stop it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

/** The launcher every process runs, the one `npx rx-consensus` runs: from src/cli or from dist/cli.js. */
export const LAUNCHER = [join(__dirname, '..', '..', 'bin'), join(__dirname, '..', 'bin')]
  .map((bin) => join(bin, 'rx-consensus.js'))
  .find((file) => existsSync(file))!;

export interface NodeStatus {
  readonly id: string;
  readonly rank: number;
  readonly state: string;
  readonly finalizedRank: number;
  readonly peers?: number;
}

export interface ValidatorProcess {
  readonly id: string;
  readonly metricsPort: number;
  /** Where its client interface listens (default 127.0.0.1). */
  readonly metricsHost?: string;
  child: ChildProcess | undefined;
  exits: number;
  lastStatus: NodeStatus | undefined;
}

/** `launch`: the command that runs `rx-consensus` (default: this Node on the launcher). */
export function spawnValidator(
  proc: ValidatorProcess,
  args: readonly string[],
  logFile: string,
  launch: readonly string[] = [process.execPath, LAUNCHER],
): void {
  const log = createWriteStream(logFile, { flags: 'a' });
  const [command, ...rest] = launch;
  const child = spawn(command!, [...rest, 'node', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.once('exit', () => {
    proc.exits += 1;
    if (proc.child === child) proc.child = undefined;
  });
  proc.child = child;
  proc.lastStatus = undefined;
}

/** The node's status, or undefined while it does not answer. */
export function pollStatus(proc: ValidatorProcess, timeoutMs = 500): Promise<NodeStatus | undefined> {
  return new Promise((resolve) => {
    const req = get(
      { host: proc.metricsHost ?? '127.0.0.1', port: proc.metricsPort, path: '/health', timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          try {
            proc.lastStatus = JSON.parse(body) as NodeStatus;
            resolve(proc.lastStatus);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopValidator(proc: ValidatorProcess, graceMs = 5000): Promise<void> {
  const child = proc.child;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function killValidator(proc: ValidatorProcess): Promise<void> {
  const child = proc.child;
  if (child === undefined || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
