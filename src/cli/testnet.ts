/**
 * `testnet`: N validator processes on loopback, a live table of their ranks, SIGKILL and restart
 * on schedule, and a verdict read from every validator's store once they are stopped.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backAtHead, finalizationFigures, linesOf, type FinalizationFigures } from './latency';
import type { KillSpec } from './options';
import { freePorts } from './ports';
import { killValidator, pollStatus, spawnValidator, stopValidator, type ValidatorProcess } from './processes';
import { initTestnet } from './testnet-init';
import { RECEIVED_FILE } from './received-log';
import { verdictOf, type Verdict } from './verdict';

export interface TestnetOptions {
  readonly nodes: number;
  readonly ranks: number;
  readonly kill: readonly KillSpec[];
  /** How long a killed validator stays down, ms. */
  readonly restartAfter: number;
  /** Give up after this long, ms. */
  readonly timeout: number;
  readonly dir?: string;
  readonly keep: boolean;
  /** Extra `node` options for every validator (e.g. round timeout). */
  readonly nodeArgs: readonly string[];
  /** Where the live table goes (undefined: no table). */
  readonly live?: NodeJS.WriteStream;
}

/**
 * A SIGKILL as it happened: when, how far the validator had finalized by its last report, and,
 * once it was started again, how long it took to be back at the head (from its log: its first
 * final frame, or catch-up, at or above the highest rank another validator had finalized when it
 * was started again; null if it never got there).
 */
export interface KillRecord {
  readonly id: string;
  /** ms from the start of the run. */
  readonly at: number;
  readonly finalizedRank: number;
  /** ms from the start of the run; absent if the run ended before the restart. */
  readonly restartedAt?: number;
  readonly backAfterMs?: number | null;
}

export interface TestnetResult extends Verdict, FinalizationFigures {
  readonly restarts: number;
  readonly kills: readonly KillRecord[];
  readonly nodes: number;
  readonly targetRanks: number;
  readonly reachedTarget: boolean;
  readonly elapsedMs: number;
  /** Where keys, stores and logs are: only when they were kept (`--dir`, `--keep` or a failed verdict). */
  readonly dir?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runTestnet(options: TestnetOptions): Promise<TestnetResult> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rx-consensus-testnet-'));
  const ports = await freePorts(options.nodes * 2);
  const layout = initTestnet(dir, ports.slice(0, options.nodes));
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const procs: ValidatorProcess[] = layout.validators.map((v, i) => ({
    id: v.id,
    metricsPort: ports[options.nodes + i]!,
    child: undefined,
    exits: 0,
    lastStatus: undefined,
  }));
  const argsOf = (i: number): string[] => {
    const v = layout.validators[i]!;
    return [
      '--key', v.keyFile,
      '--validators', layout.setFile,
      '--data-dir', v.dataDir,
      '--http-port', String(procs[i]!.metricsPort),
      ...options.nodeArgs,
    ]; // prettier-ignore
  };
  const logOf = (i: number): string => join(dir, 'logs', `${layout.validators[i]!.id}.log`);
  const start = Date.now();
  // Interrupted: take the validators down with us instead of leaving them running.
  const abandon = (): void => {
    for (const p of procs) p.child?.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', abandon);
  process.once('SIGTERM', abandon);
  procs.forEach((p, i) => spawnValidator(p, argsOf(i), logOf(i)));

  let restarts = 0;
  const kills: KillRecord[] = [];
  /** When each kill's validator was started again (machine clock), by the kill's index. */
  const restartedAt = new Map<number, number>();
  /** Per restarted validator, the highest rank another had finalized (last reported) when it was started again. */
  const headAtRestart = new Map<ValidatorProcess, number>();
  const timers = options.kill.map((k) =>
    setTimeout(() => {
      const i = k.node - 1;
      const index = kills.length;
      kills.push({
        id: procs[i]!.id,
        at: Date.now() - start,
        finalizedRank: procs[i]!.lastStatus?.finalizedRank ?? -1,
      });
      void killValidator(procs[i]!).then(async () => {
        await sleep(options.restartAfter);
        restartedAt.set(index, Date.now());
        headAtRestart.set(
          procs[i]!,
          Math.max(-1, ...procs.filter((p) => p !== procs[i]).map((p) => p.lastStatus?.finalizedRank ?? -1)),
        );
        spawnValidator(procs[i]!, argsOf(i), logOf(i));
        restarts += 1;
      });
    }, k.at),
  );
  const lastKill = Math.max(0, ...options.kill.map((k) => k.at + options.restartAfter));
  const table = options.live === undefined ? undefined : liveTable(options.live, procs.length);

  let reachedTarget = false;
  while (Date.now() - start < options.timeout) {
    await Promise.all(procs.map((p) => pollStatus(p)));
    table?.draw(procs, Date.now() - start);
    // Every validator at the target, and each one started again back at the head the others had then.
    const everyone = procs.every((p) => {
      const rank = p.lastStatus?.finalizedRank ?? -1;
      return p.child !== undefined && rank >= options.ranks && rank >= (headAtRestart.get(p) ?? -1);
    });
    if (everyone && Date.now() - start > lastKill && restarts === options.kill.length) {
      reachedTarget = true;
      break;
    }
    await sleep(200);
  }
  timers.forEach(clearTimeout);
  await Promise.all(procs.map((p) => stopValidator(p)));
  process.off('SIGINT', abandon);
  process.off('SIGTERM', abandon);
  table?.done();

  const verdict = verdictOf(
    Object.fromEntries(layout.validators.map((v) => [v.id, join(v.dataDir, 'validator.db')])),
    Object.fromEntries(layout.validators.map((v) => [v.id, join(v.dataDir, RECEIVED_FILE)])),
  );
  const figures = finalizationFigures(procs.map((_, i) => logOf(i)));
  const logs = procs.map((_, i) => linesOf(logOf(i)));
  const killed = kills.map((k, index) => {
    const at = restartedAt.get(index);
    if (at === undefined) return k;
    const who = procs.findIndex((p) => p.id === k.id);
    return { ...k, restartedAt: at - start, backAfterMs: backAtHead(logs, who, at) };
  });
  const removed = !options.keep && options.dir === undefined && verdict.agree && verdict.doubleSigned === 0;
  if (removed) rmSync(dir, { recursive: true, force: true });
  return {
    ...verdict,
    ...figures,
    restarts,
    kills: killed,
    nodes: options.nodes,
    targetRanks: options.ranks,
    reachedTarget,
    elapsedMs: Date.now() - start,
    ...(removed ? {} : { dir }),
  };
}

/** Redraws N rows in place on a terminal. */
function liveTable(out: NodeJS.WriteStream, rows: number) {
  let drawn = false;
  return {
    draw(procs: readonly ValidatorProcess[], elapsed: number) {
      if (drawn) out.write(`\x1b[${rows + 2}A`);
      drawn = true;
      out.write(`\x1b[2K  t=${(elapsed / 1000).toFixed(1)}s\n\x1b[2K  node   rank  finalized  state\n`);
      for (const p of procs) {
        const s = p.child === undefined ? undefined : p.lastStatus;
        const cells =
          s === undefined
            ? ['-', '-', p.child === undefined ? 'down' : 'starting']
            : [s.rank, s.finalizedRank, s.state];
        out.write(
          `\x1b[2K  ${p.id.padEnd(5)} ${String(cells[0]).padStart(5)}  ${String(cells[1]).padStart(9)}  ${cells[2]}\n`,
        );
      }
    },
    done() {
      drawn = false;
    },
  };
}
