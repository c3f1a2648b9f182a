/**
 * Where the validators run. As root: each in its own network namespace (`ip netns`), its own
 * address on a private /24 the run picks, joined to the runner by a veth pair on a bridge the run
 * creates; the proxy listens on the bridge's address. Otherwise: every validator on loopback, all
 * links still through the proxy. Everything made is named with the run's prefix (`rxn` and four
 * hex digits) and listed in a state file, so `cleanup` removes it after a crash and never touches
 * anything else.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../ports';

/** A validator's place on the network. */
export interface Host {
  readonly id: string;
  /** Its libp2p listen address. */
  readonly listen: { readonly host: string; readonly port: number };
  /** Its client interface. */
  readonly http: { readonly host: string; readonly port: number };
  /** What runs a command on this host (`ip netns exec NS`), empty on loopback. */
  readonly exec: readonly string[];
  /** The host side of its interface (netns only): down isolates the validator. */
  readonly hostLink?: string;
}

export interface Network {
  readonly mode: 'netns' | 'loopback';
  /** Why the run is on loopback, when it is. */
  readonly fallback?: string;
  readonly prefix: string;
  /** Where the proxy listens. */
  readonly proxyHost: string;
  readonly hosts: readonly Host[];
  /** Isolate (`true`) or reconnect a validator's host; netns only. */
  setIsolated(id: string, isolated: boolean): void;
  /** Remove every namespace, link and mount the run made (idempotent). */
  teardown(): void;
}

/** Leftover state files of runs, one per run. */
export const STATE_DIR = join(tmpdir(), 'rx-nemesis-runs');
/** Names a run made: `rxn` + 4 hex digits, then a suffix (bridge, veth ends, namespace). */
const OWN_NAME = /^rxn[0-9a-f]{4}(br|h\d+|n\d+|-v\d+)$/;
export const isRunName = (name: string): boolean => OWN_NAME.test(name);

export interface RunState {
  readonly prefix: string;
  readonly namespaces: string[];
  readonly links: string[];
  readonly mounts: string[];
  readonly pids: number[];
}

export function stateFileOf(prefix: string): string {
  return join(STATE_DIR, `${prefix}.json`);
}

export function saveState(state: RunState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(stateFileOf(state.prefix), JSON.stringify(state));
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' });

/** Set up `ids`' hosts: namespaces when allowed (and `wantNetns`), else loopback with the reason. */
export async function createNetwork(
  ids: readonly string[],
  wantNetns: boolean,
  state: RunState,
): Promise<Network> {
  const prefix = state.prefix;
  if (wantNetns) {
    const denied = netnsUnavailable();
    if (denied === undefined) {
      try {
        return netnsNetwork(ids, state);
      } catch (err) {
        teardownState(state);
        return loopbackNetwork(ids, prefix, `namespaces failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    return loopbackNetwork(ids, prefix, denied);
  }
  return loopbackNetwork(ids, prefix, 'asked for (--no-netns)');
}

export function newPrefix(): string {
  return `rxn${randomBytes(2).toString('hex')}`;
}

function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root: namespaces need CAP_NET_ADMIN';
  try {
    ip('netns', 'list');
  } catch {
    return '`ip netns` is not available';
  }
  return undefined;
}

/** A /24 of 10.213.x.0 that no interface of this machine is on. */
function freeSubnet(): string {
  const used = Object.values(networkInterfaces())
    .flat()
    .map((a) => a?.address ?? '');
  for (let tries = 0; tries < 256; tries++) {
    const base = `10.213.${randomBytes(1)[0]!}`;
    if (!used.some((a) => a.startsWith(`${base}.`))) return base;
  }
  throw new Error('no free 10.213.x.0/24 subnet');
}

function netnsNetwork(ids: readonly string[], state: RunState): Network {
  const prefix = state.prefix;
  const subnet = freeSubnet();
  const bridge = `${prefix}br`;
  state.links.push(bridge);
  saveState(state);
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  const hosts = ids.map((id, i): Host => {
    const ns = `${prefix}-v${i + 1}`;
    const [outside, inside] = [`${prefix}h${i + 1}`, `${prefix}n${i + 1}`];
    const address = `${subnet}.${10 + i + 1}`;
    state.namespaces.push(ns);
    state.links.push(outside);
    saveState(state);
    ip('netns', 'add', ns);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', ns);
    ip('link', 'set', outside, 'master', bridge, 'up');
    ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', inside);
    ip('-n', ns, 'link', 'set', inside, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return {
      id,
      listen: { host: address, port: 9000 },
      http: { host: address, port: 8080 },
      exec: ['ip', 'netns', 'exec', ns],
      hostLink: outside,
    };
  });
  return {
    mode: 'netns',
    prefix,
    proxyHost: `${subnet}.1`,
    hosts,
    setIsolated(id, isolated) {
      const link = hosts.find((h) => h.id === id)?.hostLink;
      if (link !== undefined) ip('link', 'set', link, isolated ? 'down' : 'up');
    },
    teardown: () => teardownState(state),
  };
}

async function loopbackNetwork(ids: readonly string[], prefix: string, fallback: string): Promise<Network> {
  const ports = await freePorts(ids.length * 2);
  return {
    mode: 'loopback',
    fallback,
    prefix,
    proxyHost: '127.0.0.1',
    hosts: ids.map((id, i) => ({
      id,
      listen: { host: '127.0.0.1', port: ports[i]! },
      http: { host: '127.0.0.1', port: ports[ids.length + i]! },
      exec: [],
    })),
    setIsolated() {
      throw new Error('isolating a host needs namespaces');
    },
    teardown: () => undefined,
  };
}

/** Unmount, delete namespaces (their veth ends go with them) and links of one run; quiet on what is gone. */
export function teardownState(state: RunState): void {
  const quiet = (f: () => unknown): void => {
    try {
      f();
    } catch {
      // already gone
    }
  };
  for (const mount of state.mounts) quiet(() => execFileSync('umount', ['-l', mount], { stdio: 'pipe' }));
  for (const ns of state.namespaces) quiet(() => ip('netns', 'delete', ns));
  for (const link of state.links) quiet(() => ip('link', 'delete', link));
}

/** Processes of ours: a pid whose command line runs the rx-consensus node (pids get reused). */
function isOurValidator(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('rx-consensus') || (cmd.includes('cli.js') && cmd.includes('--validators'));
  } catch {
    return false;
  }
}

/**
 * `nemesis cleanup`: for every run's state file, SIGKILL its validators (SIGCONT too: a stopped
 * one), unmount, delete its namespaces and links; then any namespace or link named like a run's
 * that no state file listed. Returns what it removed.
 */
export function cleanupLeftovers(): string[] {
  const removed: string[] = [];
  const files = existsSync(STATE_DIR)
    ? readdirSync(STATE_DIR).filter((f) => /^rxn[0-9a-f]{4}\.json$/.test(f))
    : [];
  for (const file of files) {
    let state: RunState;
    try {
      state = JSON.parse(readFileSync(join(STATE_DIR, file), 'utf8')) as RunState;
    } catch {
      rmSync(join(STATE_DIR, file), { force: true });
      continue;
    }
    for (const pid of state.pids.filter(isOurValidator)) {
      try {
        process.kill(pid, 'SIGKILL');
        removed.push(`process ${pid}`);
      } catch {
        // gone
      }
    }
    teardownState(state);
    removed.push(...state.mounts.map((m) => `mount ${m}`), ...state.namespaces.map((n) => `namespace ${n}`));
    rmSync(join(STATE_DIR, file), { force: true });
  }
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    try {
      for (const ns of ip('netns', 'list')
        .split('\n')
        .map((l) => l.split(' ')[0]!)
        .filter(isRunName)) {
        for (const pid of ip('netns', 'pids', ns).split('\n').filter(Boolean).map(Number)) {
          try {
            process.kill(pid, 'SIGKILL');
            removed.push(`process ${pid}`);
          } catch {
            // gone
          }
        }
        ip('netns', 'delete', ns);
        removed.push(`namespace ${ns}`);
      }
      for (const link of ip('-o', 'link', 'show')
        .split('\n')
        .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '')
        .filter(isRunName)) {
        ip('link', 'delete', link);
        removed.push(`link ${link}`);
      }
    } catch {
      // no ip command: nothing of ours can exist
    }
  }
  return removed;
}

/** Leftovers of any run: what `cleanup` would remove (for the check that nothing was left behind). */
export function leftovers(prefix: string): string[] {
  const found: string[] = [];
  if (existsSync(stateFileOf(prefix))) found.push(`state file ${stateFileOf(prefix)}`);
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    try {
      found.push(
        ...ip('netns', 'list')
          .split('\n')
          .filter((l) => l.startsWith(prefix)),
      );
      found.push(
        ...ip('-o', 'link', 'show')
          .split('\n')
          .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '')
          .filter((n) => n.startsWith(prefix)),
      );
    } catch {
      // no ip
    }
  }
  return found;
}
