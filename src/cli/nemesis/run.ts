/**
 * One nemesis run: N validator processes on their own hosts (or loopback), every link through the
 * proxy, a client workload, the seeded fault schedule, a history of all of it, then the check from
 * files alone and the picture. Whatever happens (the end, an error, SIGINT), every process,
 * namespace, link and mount the run made is removed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../transport/rng';
import { writeValidatorSetFile, type ValidatorSetFile } from '../files';
import { pollStatus, spawnValidator, stopValidator, type ValidatorProcess } from '../processes';
import { initTestnet } from '../testnet-init';
import { checkNemesis, type NemesisVerdict } from './checker';
import { fillDisk, freeDisk, smallDisks } from './disk';
import { readEvidence } from './evidence';
import { faultHands, playSchedule } from './faults';
import { launcherOf } from './launcher';
import { historyWriter, readHistory, type FaultKind } from './history';
import {
  createNetwork,
  leftovers,
  newPrefix,
  saveState,
  stateFileOf,
  teardownState,
  type RunState,
} from './hosts';
import { timelineSvg } from './picture';
import { LinkProxy } from './proxy';
import { nemesisSchedule } from './schedule';
import { startWorkload } from './workload';
import type { LeaderRule, VotesTo } from '../../reference/validator/options';

export interface NemesisOptions {
  readonly nodes: number;
  readonly durationMs: number;
  readonly seed: number;
  /** Try network namespaces (root); false: loopback. */
  readonly netns: boolean;
  readonly dir?: string;
  readonly stallBoundMs: number;
  /** Mutations submitted per second. */
  readonly rate: number;
  /** Longest wait after the last heal for every validator to catch up and empty its pool. */
  readonly drainMs: number;
  /** Run the validators from `dist/cli.js`, built first (true), or from source through tsx. */
  readonly build: boolean;
  readonly logLevel: string;
  /** Who the validators' votes go to (their default when absent: everyone). */
  readonly votesTo?: VotesTo;
  /** How the validators choose leaders (their default when absent: round robin). */
  readonly leaders?: LeaderRule;
  /** Progress lines go here. */
  readonly log: (line: string) => void;
}

export interface NemesisResult extends Omit<NemesisVerdict, 'outcomes'> {
  readonly history: string;
  readonly picture: string;
  readonly network: 'netns' | 'loopback';
  readonly fallback?: string;
  readonly seed: number;
  readonly launcher: 'build' | 'source';
  readonly elapsedMs: number;
  /** Namespaces, links, mounts or processes of the run still there after it (must be none). */
  readonly leftBehind: readonly string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runNemesis(options: NemesisOptions): Promise<NemesisResult> {
  const began = performance.now();
  const ids = Array.from({ length: options.nodes }, (_, i) => `v${i + 1}`);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rx-nemesis-'));
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const state: RunState = { prefix: newPrefix(), namespaces: [], links: [], mounts: [], pids: [] };
  saveState(state);
  const procs: ValidatorProcess[] = [];
  let proxy: LinkProxy | undefined;
  // Interrupted: take down everything the run made, then go. The teardown waits a turn of the
  // event loop: a parent that relays signals (tsx) must hear that this process got the signal,
  // or it sends SIGKILL 30 ms later, in the middle of the teardown.
  let abandoned = false;
  const abandon = (): void => {
    if (abandoned) return;
    abandoned = true;
    options.log('interrupted: stopping the validators, removing the namespaces, links and mounts');
    for (const p of procs) p.child?.kill('SIGKILL');
    setTimeout(() => {
      void proxy?.close();
      teardownState(state);
      rmSync(stateFileOf(state.prefix), { force: true });
      process.exit(130);
    }, 100);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, abandon);
  try {
    return await run(options, ids, dir, state, procs, (p) => (proxy = p), began);
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, abandon);
    for (const p of procs) p.child?.kill('SIGKILL');
    await proxy?.close();
    teardownState(state);
    rmSync(stateFileOf(state.prefix), { force: true });
  }
}

async function run(
  options: NemesisOptions,
  ids: readonly string[],
  dir: string,
  state: RunState,
  procs: ValidatorProcess[],
  setProxy: (p: LinkProxy) => void,
  began: number,
): Promise<NemesisResult> {
  const network = await createNetwork(ids, options.netns, state);
  options.log(
    network.mode === 'netns'
      ? `network: ${ids.length} namespaces (${state.prefix}-v1…) on bridge ${state.prefix}br, links through the proxy at ${network.proxyHost}`
      : `network: loopback, links through the proxy (no namespaces: ${network.fallback})`,
  );
  const launch = launcherOf(options.build);
  options.log(
    `validators run from ${launch.kind === 'build' ? 'dist/cli.js (built now)' : 'source through tsx'}`,
  );

  // Keys and the chain; then each validator's own set file, its peers' addresses being the proxy's.
  const layout = initTestnet(
    dir,
    network.hosts.map((h) => h.listen.port),
  );
  const set = JSON.parse(readFileSync(layout.setFile, 'utf8')) as ValidatorSetFile;
  const proxy = new LinkProxy(createRng(options.seed).fork('proxy'));
  setProxy(proxy);
  mkdirSync(join(dir, 'sets'), { recursive: true });
  const setFiles: string[] = [];
  for (const [i, from] of network.hosts.entries()) {
    const validators = [];
    for (const [j, to] of network.hosts.entries()) {
      const port =
        i === j ? to.listen.port : await proxy.listen(from.id, to.id, network.proxyHost, to.listen);
      const host = i === j ? to.listen.host : network.proxyHost;
      validators.push({ ...set.validators[j]!, address: `${host}:${port}` });
    }
    setFiles.push(join(dir, 'sets', `${from.id}.json`));
    writeValidatorSetFile(setFiles[i]!, { network: set.network, validators });
  }

  // A small disk per validator where one can be mounted: the disk-full fault needs it.
  const disks =
    network.mode === 'netns' &&
    smallDisks(
      ids.map((id) => join(dir, 'disk', id)),
      state,
    );
  const dataDirs = ids.map((id, i) => (disks ? join(dir, 'disk', id) : layout.validators[i]!.dataDir));

  for (const h of network.hosts)
    procs.push({
      id: h.id,
      metricsPort: h.http.port,
      metricsHost: h.http.host,
      child: undefined,
      exits: 0,
      lastStatus: undefined,
    });
  const history = historyWriter(join(dir, 'history.jsonl'));
  history.record({
    type: 'start',
    nodes: ids,
    seed: options.seed,
    durationMs: options.durationMs,
    network: network.mode,
    stallBoundMs: options.stallBoundMs,
    wallClock: Date.now() - history.now(),
  });
  if (network.fallback !== undefined) history.record({ type: 'note', text: `loopback: ${network.fallback}` });
  if (network.mode === 'netns' && !disks) {
    options.log('no tmpfs could be mounted for the data dirs: no disk-full faults');
    history.record({ type: 'note', text: 'no tmpfs could be mounted: no disk-full faults' });
  }

  const taken = new Set<string>(); // killed by the nemesis: not restarted by the supervisor
  let stopping = false;
  const start = (i: number): void => {
    const p = procs[i]!;
    const h = network.hosts[i]!;
    const args = [
      '--key', layout.validators[i]!.keyFile,
      '--validators', setFiles[i]!,
      '--data-dir', dataDirs[i]!,
      '--http-port', String(h.http.port),
      '--http-host', h.http.host,
      '--log-level', options.logLevel,
      ...(options.votesTo === undefined ? [] : ['--votes-to', options.votesTo]),
      ...(options.leaders === undefined ? [] : ['--leaders', options.leaders]),
    ]; // prettier-ignore
    spawnValidator(p, args, join(dir, 'logs', `${p.id}.log`), [...h.exec, ...launch.command]);
    const child = p.child!;
    state.pids.push(child.pid!);
    saveState(state);
    // Like a service manager: a validator that dies on its own is noted and started again.
    child.once('exit', (code, signal) => {
      if (stopping || taken.has(p.id)) return;
      history.record({
        type: 'note',
        text: `${p.id} exited on its own (code ${code}, signal ${signal}); restarting`,
      });
      setTimeout(() => !stopping && !taken.has(p.id) && p.child === undefined && start(i), 1000);
    });
  };
  procs.forEach((_, i) => start(i));

  // The observer: each validator's finalized rank, as it changes. One loop per validator, with a
  // generous timeout: a busy validator answers late rather than looking stuck, and holds up no other.
  const seen = new Map<string, number>();
  const pending = new Map<string, number>();
  let observing = true;
  const observer = Promise.all(
    procs.map(async (p) => {
      while (observing) {
        const s = p.child === undefined ? undefined : await pollStatus(p, 2000);
        // A validator still starting answers 503 without a rank.
        if (typeof s?.finalizedRank === 'number') {
          pending.set(p.id, Number((s as { pending?: number }).pending ?? 0));
          if (seen.get(p.id) !== s.finalizedRank) {
            seen.set(p.id, s.finalizedRank);
            history.record({ type: 'rank', node: p.id, finalizedRank: s.finalizedRank });
          }
        }
        await sleep(100);
      }
    }),
  );

  const upBy = performance.now() + 60_000;
  while (!ids.every((id) => (seen.get(id) ?? -1) >= 0) && performance.now() < upBy) await sleep(200);
  options.log(
    `all ${ids.length} validators finalizing after ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  const kinds: FaultKind[] = [
    'partition',
    'kill',
    'pause',
    'link',
    ...(network.mode === 'netns' ? (['isolate'] as const) : []),
    ...(disks ? (['disk-full'] as const) : []),
  ];
  const faults = nemesisSchedule({ seed: options.seed, durationMs: options.durationMs, nodes: ids, kinds });
  const index = (node: string): number => ids.indexOf(node);
  const hands = faultHands({
    proxy,
    kill(node) {
      taken.add(node);
      procs[index(node)]!.child?.kill('SIGKILL');
    },
    restart(node) {
      taken.delete(node);
      const child = procs[index(node)]!.child;
      if (child === undefined) start(index(node));
      else child.once('exit', () => start(index(node)));
    },
    signal: (node, signal) => procs[index(node)]!.child?.kill(signal),
    isolate: (node, isolated) => network.setIsolated(node, isolated),
    fillDisk: (node) => void fillDisk(dataDirs[index(node)]!),
    freeDisk: (node) => freeDisk(dataDirs[index(node)]!),
  });
  const workload = startWorkload(
    network.hosts,
    options.rate,
    createRng(options.seed).fork('workload'),
    history,
  );
  await playSchedule(faults, hands, history, options.log);
  workload.stop();
  await workload.settled();

  // Drain: every validator caught up and its pool empty, or the drain time is over.
  const headAtStop = Math.max(-1, ...seen.values());
  const drainBy = performance.now() + options.drainMs;
  const drained = (): boolean => {
    const ranks = ids.map((id) => seen.get(id) ?? -1);
    return ranks.every((r) => r === ranks[0] && r > headAtStop) && ids.every((id) => pending.get(id) === 0);
  };
  let caughtUp = drained();
  while (!caughtUp && performance.now() < drainBy) {
    await sleep(200);
    caughtUp = drained();
  }
  observing = false;
  await observer;
  history.record({ type: 'end' });
  options.log(`stopping; ${caughtUp ? 'every validator caught up, pools empty' : 'drain time over'}`);

  stopping = true;
  for (const p of procs) p.child?.kill('SIGCONT');
  await Promise.all(procs.map((p) => stopValidator(p)));
  history.record({ type: 'note', text: `proxy: ${JSON.stringify(proxy.counters)}` });
  await proxy.close();
  // Off the small disks before they go.
  if (disks)
    ids.forEach((id, i) => {
      freeDisk(dataDirs[i]!);
      cpSync(dataDirs[i]!, layout.validators[i]!.dataDir, { recursive: true });
    });
  network.teardown();
  rmSync(stateFileOf(state.prefix), { force: true });
  const leftBehind = [
    ...leftovers(state.prefix),
    ...procs.filter((p) => p.child !== undefined).map((p) => `process of ${p.id}`),
  ];

  const events = readHistory(history.file);
  const verdict = checkRunDir(dir);
  for (const [mutation, ranks] of verdict.outcomes)
    history.record({ type: 'outcome', mutation, finalizedAt: ranks });
  const picture = join(dir, 'timeline.svg');
  const { outcomes: _outcomes, ...rest } = verdict;
  const title = `nemesis seed ${options.seed}, ${ids.length} validators (${network.mode}), ${rest.faults} faults: ${rest.violations.length === 0 ? 'every property kept' : `${rest.violations.length} violation(s)`}`;
  writeFileSync(picture, timelineSvg(events, title));
  return {
    ...rest,
    violations: [...rest.violations, ...leftBehind.map((l) => `left behind: ${l}`)],
    history: history.file,
    picture,
    network: network.mode,
    ...(network.fallback === undefined ? {} : { fallback: network.fallback }),
    seed: options.seed,
    launcher: launch.kind,
    elapsedMs: Math.round(performance.now() - began),
    leftBehind,
  };
}

/** The verdict on a finished run from its folder alone: `history.jsonl` and `data/<id>/`. */
export function checkRunDir(dir: string, stallBoundMs?: number): NemesisVerdict {
  const history = readHistory(join(dir, 'history.jsonl')).map((e) =>
    e.type === 'start' && stallBoundMs !== undefined ? { ...e, stallBoundMs } : e,
  );
  const start = history.find((e) => e.type === 'start');
  const ids = start?.type === 'start' ? start.nodes : [];
  return checkNemesis({
    history,
    ...readEvidence(Object.fromEntries(ids.map((id) => [id, join(dir, 'data', id)]))),
  });
}
