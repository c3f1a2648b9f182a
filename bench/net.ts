/**
 * `npm run bench:net`: real validator processes on loopback (the testnet's layout, launcher and
 * log figures), for 4 and 7 validators, on a quiet machine and with four busy loops, next to the
 * floors measured in the same run (raw TCP round trip between two processes, a synced SQLite
 * write, Ed25519 with node:crypto). Prints a table, then one JSON object (`--json`: only that).
 *
 * Per run: ranks/s and finality p50/p99 (proposal to each validator's `finalized` line), CPU ms,
 * messages and bytes per validator per rank (between a warm-up rank and the target, from
 * /proc and each validator's /metrics), and start-up to the first final frame.
 * `--launcher <bin/rx-consensus.js>` runs another checkout's validators (the figures "before").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { finalizationFigures } from '../src/cli/latency';
import { freePorts } from '../src/cli/ports';
import { LAUNCHER } from '../src/cli/processes';
import { initTestnet } from '../src/cli/testnet-init';
import { measureFloors, type Floors } from './support/floors';
import { VOTES_TO } from '../src/reference/validator/options';

interface RunSpec {
  readonly nodes: number;
  readonly ranks: number;
  readonly busy: number;
  /** The rank from which CPU, traffic and the window's rate are measured (default: 10, or a quarter of a shorter run). */
  readonly warmUp: number | undefined;
}

export interface NetRun extends RunSpec {
  readonly reached: boolean;
  readonly ranksPerSecond: number;
  /** Ranks per second between the warm-up rank and the target (the window the per-rank figures cover). */
  readonly windowRanksPerSecond: number | null;
  readonly finalityP50Ms: number;
  readonly finalityP99Ms: number;
  readonly cpuMsPerValidatorRank: number | null;
  readonly messagesPerValidatorRank: number | null;
  /** Transactions that waited for the disk (what the validator signed), per validator per rank. */
  readonly syncedWritesPerValidatorRank: number | null;
  readonly bytesPerValidatorRank: number | null;
  readonly startupToFirstFinalMs: number;
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const atLeastZero = (value: string): number => (value === '0' ? 0 : positive(value));

const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

/**
 * User + system CPU so far, ms (Linux /proc), of a process and of the processes it started and
 * that still run: a `--launcher` that spawns the validator is charged for the validator it runs.
 */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const own = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    // No children file (an older kernel, or the process just ended): its own CPU only.
  }
  return children.reduce((sum, child) => sum + cpuMsOfChild(child), own);
}

/** `cpuMsOf` of a child that may end between being listed and being read (then 0). */
function cpuMsOfChild(pid: number): number {
  try {
    return cpuMsOf(pid);
  } catch {
    return 0;
  }
}

function httpGet(port: number, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

const metric = (text: string | undefined, name: string): number | null => {
  const m = text === undefined ? null : new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m === null ? null : Number(m[1]);
};

interface Sample {
  readonly cpuMs: number;
  readonly messages: number;
  readonly bytes: number | null;
  readonly syncedWrites: number | null;
  readonly finalized: number;
  /** When the sample was taken (Date.now()). */
  readonly at: number;
}

async function finalizedOf(metricsPort: number): Promise<number> {
  const health = await httpGet(metricsPort, '/health');
  try {
    return (JSON.parse(health ?? '{}') as { finalizedRank?: number }).finalizedRank ?? -1;
  } catch {
    return -1; // not answering yet
  }
}

/**
 * CPU and traffic so far. Taken only where a figure is measured (at the warm-up rank and at the
 * target): a scrape of /metrics costs the validator a few ms of CPU (prom-client's default
 * metrics), which taken every poll would be counted as its cost per rank.
 */
async function sample(child: ChildProcess, metricsPort: number): Promise<Sample> {
  const [metrics, finalized] = await Promise.all([
    httpGet(metricsPort, '/metrics'),
    finalizedOf(metricsPort),
  ]);
  const bytesIn = metric(metrics, 'rxc_bytes_in_total') ?? metric(metrics, 'rxc_bytes_in');
  const bytesOut = metric(metrics, 'rxc_bytes_out_total') ?? metric(metrics, 'rxc_bytes_out');
  return {
    cpuMs: cpuMsOf(child.pid!),
    messages:
      (metric(metrics, 'rxc_messages_in_total') ?? metric(metrics, 'rxc_messages_in') ?? 0) +
      (metric(metrics, 'rxc_messages_out_total') ?? metric(metrics, 'rxc_messages_out') ?? 0),
    bytes: bytesIn === null || bytesOut === null ? null : bytesIn + bytesOut,
    syncedWrites: metric(metrics, 'rxc_store_writes_total\\{[^}]*sync="synced"[^}]*\\}'),
    finalized,
    at: Date.now(),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Four (or `count`) processes spinning on the CPU until stopped. */
function busyLoops(count: number): () => void {
  const loops = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );
  return () => loops.forEach((l) => l.kill('SIGKILL'));
}

async function runOnce(
  spec: RunSpec,
  launcher: string,
  timeoutMs: number,
  nodeArgs: readonly string[] = [],
): Promise<NetRun> {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-bench-net-'));
  const stopBusy = busyLoops(spec.busy);
  const ports = await freePorts(spec.nodes * 2);
  const layout = initTestnet(dir, ports.slice(0, spec.nodes));
  const logs = layout.validators.map((v) => join(dir, `${v.id}.log`));
  const started = Date.now();
  const children = layout.validators.map((v, i) => {
    const child = spawn(
      process.execPath,
      [launcher, 'node', '--key', v.keyFile, '--validators', layout.setFile, '--data-dir', v.dataDir,
        '--metrics-port', String(ports[spec.nodes + i]), ...nodeArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ); // prettier-ignore
    const log = createWriteStream(logs[i]!);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    return child;
  });
  const metricsPort = (i: number): number => ports[spec.nodes + i]!;
  const sampleAll = () => Promise.all(children.map((c, i) => sample(c, metricsPort(i))));
  const lowestFinalized = async () =>
    Math.min(...(await Promise.all(children.map((_, i) => finalizedOf(metricsPort(i))))));
  const warmUp = spec.warmUp ?? Math.min(10, Math.floor(spec.ranks / 4));
  let first: Sample[] | undefined;
  let last: Sample[] = [];
  let reached = false;
  try {
    while (Date.now() - started < timeoutMs) {
      const lowest = await lowestFinalized();
      if (first === undefined && lowest >= warmUp) first = await sampleAll();
      if (lowest >= spec.ranks) {
        reached = true;
        break;
      }
      await sleep(100);
    }
    last = await sampleAll();
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    stopBusy();
  }
  const figures = finalizationFigures(logs);
  const firstFinal = Math.min(
    ...logs.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"msg":"finalized"'))
        .slice(0, 1)
        .map((l) => (JSON.parse(l) as { time: number }).time),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
  const from = first ?? last;
  const ranks = Math.min(...last.map((s) => s.finalized)) - Math.min(...from.map((s) => s.finalized));
  // Fewer than five ranks measured after the warm-up: no figure per rank rather than a wild one.
  const per = (f: (s: Sample) => number | null): number | null => {
    if (first === undefined || ranks < 5) return null;
    let sum = 0;
    for (let i = 0; i < last.length; i++) {
      const a = f(from[i]!);
      const b = f(last[i]!);
      if (a === null || b === null) return null;
      sum += b - a;
    }
    return sum / last.length / ranks;
  };
  const round = (x: number | null, d = 1): number | null => (x === null ? null : Number(x.toFixed(d)));
  return {
    ...spec,
    reached,
    ranksPerSecond: round(figures.ranksPerSecond)!,
    windowRanksPerSecond:
      first === undefined || ranks < 5
        ? null
        : round((ranks * 1000) / (Math.max(...last.map((s) => s.at)) - Math.min(...from.map((s) => s.at)))),
    finalityP50Ms: figures.latencyMs.p50,
    finalityP99Ms: figures.latencyMs.p99,
    cpuMsPerValidatorRank: round(
      per((s) => s.cpuMs),
      2,
    )!,
    messagesPerValidatorRank: round(per((s) => s.messages))!,
    syncedWritesPerValidatorRank: round(
      per((s) => s.syncedWrites),
      2,
    ),
    bytesPerValidatorRank: round(
      per((s) => s.bytes),
      0,
    ),
    startupToFirstFinalMs: Number.isFinite(firstFinal) ? firstFinal - started : -1,
  };
}

/** The ranks of a run of `nodes` validators: `--ranks` up to 4, half as many above (they are slower). */
const ranksFor = (nodes: number, ranks: number): number => (nodes <= 4 ? ranks : Math.ceil(ranks / 2));

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('bench:net')
    .description(
      'real validator processes on loopback: throughput, finality, CPU and traffic per rank, start-up',
    )
    .option('--json', 'print only the JSON object')
    .option('--ranks <n>', 'ranks per run with 4 validators (7 validators run half as many)', positive, 200)
    .option('--nodes <list>', 'validator counts, comma-separated', '4,7')
    .option('--busy <n>', 'busy loops in the loaded runs (0: quiet runs only)', atLeastZero, 4)
    .option('--timeout <ms>', 'give up on a run after this long', positive, 120_000)
    .option(
      '--warm-up <rank>',
      'measure CPU, traffic and the window rate from this rank on (default 10): a long run with a late warm-up measures validators whose code the JIT has compiled',
      positive,
    )
    .addOption(
      new Option('--votes-to <who>', "who the validators' votes go to (their default: everyone)").choices(
        VOTES_TO,
      ),
    )
    .option(
      '--launcher <file>',
      "the rx-consensus launcher to run (another checkout's bin/rx-consensus.js)",
      LAUNCHER,
    )
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const o = program.opts<{
    json?: boolean;
    ranks: number;
    nodes: string;
    busy: number;
    timeout: number;
    warmUp?: number;
    launcher: string;
    votesTo?: string;
  }>();
  const counts = o.nodes.split(',').map(Number);
  const shortest = Math.min(...counts.map((nodes) => ranksFor(nodes, o.ranks)));
  if (o.warmUp !== undefined && o.warmUp + 5 > shortest) {
    console.error(
      `--warm-up ${o.warmUp} leaves fewer than 5 ranks to measure in a run of ${shortest} (7 validators run half as many)`,
    );
    return 2;
  }
  // From a checkout the launcher bundles the source when it changed: once here, not in every validator.
  spawnSync(process.execPath, [o.launcher, '--version'], { stdio: 'ignore' });
  const floors: Floors = await measureFloors();
  const runs: NetRun[] = [];
  for (const nodes of counts) {
    for (const busy of o.busy === 0 ? [0] : [0, o.busy]) {
      runs.push(
        await runOnce(
          { nodes, ranks: ranksFor(nodes, o.ranks), busy, warmUp: o.warmUp },
          o.launcher,
          o.timeout,
          o.votesTo === undefined ? [] : ['--votes-to', o.votesTo],
        ),
      );
      if (!o.json) process.stderr.write(`  ${JSON.stringify(runs[runs.length - 1])}\n`);
    }
  }
  const result = { launcher: o.launcher, votesTo: o.votesTo ?? 'everyone', floors, runs };
  if (!o.json) {
    const table = new Table({
      head: ['validators', 'busy loops', 'ranks', 'ranks/s', 'window ranks/s', 'p50 ms', 'p99 ms', 'CPU ms/val/rank', 'msgs/val/rank', 'synced writes/val/rank', 'bytes/val/rank', 'first final ms'],
    }); // prettier-ignore
    for (const r of runs)
      table.push([r.nodes, r.busy, `${r.ranks}${r.reached ? '' : ' (not reached)'}`, r.ranksPerSecond, r.windowRanksPerSecond ?? 'n/a', r.finalityP50Ms,
        r.finalityP99Ms, r.cpuMsPerValidatorRank ?? 'n/a', r.messagesPerValidatorRank ?? 'n/a', r.syncedWritesPerValidatorRank ?? 'n/a', r.bytesPerValidatorRank ?? 'n/a',
        r.startupToFirstFinalMs]); // prettier-ignore
    console.log(table.toString());
    console.log(
      `floors: TCP round trip ${floors.tcpRoundTripMs} ms, synced write ${floors.syncedWriteMs} ms, ` +
        `Ed25519 sign ${floors.ed25519SignUs} µs / verify ${floors.ed25519VerifyUs} µs`,
    );
  }
  console.log(JSON.stringify(result, null, o.json ? 2 : 0));
  // A run that did not reach its target is a failed measurement, not a figure.
  return runs.every((r) => r.reached) ? 0 : 1;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
