/**
 * `npm run bench:hostile-net`: three honest validator processes on loopback and, in their fourth
 * seat, an attacker holding the fourth validator's key that speaks the link protocol byte by byte.
 * For each attack it reports the honest validators' ranks/s over a fixed window, their largest
 * RSS, their CPU and the attacker's (both on the same machine: an attacker that writes fast
 * takes CPU from them), against the same run with the fourth seat empty. Prints a table, then
 * JSON.
 *
 * Attacks: `wide` (forged envelopes whose body is 1 MiB of zeros), `far-ahead` (forged envelopes
 * of every kind at rank 10^9), `garbage` (frames of random bytes), `oversized` (frames announcing
 * more than the size limit), and three on catch-up, signed with the fourth validator's own key:
 * `fetch-flood` (a new request for every frame after rank 0, each with a fresh seq),
 * `fetch-replay` (one such request, recorded and sent again and again) and `unasked-frames`
 * (answers of 64 frames that nobody asked for). Each is sent as fast as the link takes it; after a
 * ban the attacker dials again at once.
 *
 * `npm run bench:hostile-net -- [--window <ms>] [--attacks a,b] [--json]` (or the window and the
 * attacks as two plain arguments). It exits with 1 when the honest validators finalized nothing
 * in a window: a stall is a finding, not a figure.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Libp2p, Stream } from '@libp2p/interface';
import Table from 'cli-table3';
import { Command, InvalidArgumentError } from 'commander';
import { multiaddrOf, readKeyFile, readValidatorSetFile } from '../src/cli/files';
import { freePorts } from '../src/cli/ports';
import { LAUNCHER, pollStatus, type ValidatorProcess } from '../src/cli/processes';
import { initTestnet } from '../src/cli/testnet-init';
import { linkProtocol, loadLibp2p } from '../src/libp2p';
import { chainScope, ed25519SignerFromSeed, genesisFrame } from '../src/reference';
import { sealControl, type ControlMessage } from '../src/reference/validator/control';
import { encodeEnvelope } from '../src/wire/encoding';
import type { Signer } from '../src/wire/signature';
import { libp2pKeyFromSeed, libp2pPeerIdOf } from '../src/libp2p/peers';

const ATTACKS = [
  'none',
  'wide',
  'far-ahead',
  'garbage',
  'oversized',
  'fetch-flood',
  'fetch-replay',
  'unasked-frames',
] as const;
type Attack = (typeof ATTACKS)[number];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time of a process so far, ms (user + system, from /proc). */
const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
};

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? 0 : Number(m[1]) / 1024;
};

/** The attack's next payload (a whole frame's bytes, length prefix included). */
function payloads(
  attack: Attack,
  chain: string,
  lp: Awaited<ReturnType<typeof loadLibp2p>>['lp'],
  signer: Signer,
): () => Uint8Array {
  const signed = (message: ControlMessage): Uint8Array =>
    lp.encode.single(encodeEnvelope(sealControl(message, 'v4', signer, chain))).subarray();
  const forged = (kind: string, rank: number, body: string): Uint8Array =>
    lp.encode
      .single(
        Buffer.from(
          `{"body":${body},"chain":"${chain}","kind":"${kind}","rank":${rank},"sender":"v4","signature":"${randomBytes(64).toString('hex')}"}`,
        ),
      )
      .subarray();
  const wide = forged('proposal', 1, `{"p":[${'0,'.repeat(2 ** 19 - 200)}0]}`);
  const kinds = ['proposal', 'vote', 'liveness', 'confirmation', 'timeout', 'fetch', 'frames'];
  let n = 0;
  switch (attack) {
    case 'wide':
      return () => wide;
    case 'far-ahead':
      return () => forged(kinds[n++ % kinds.length]!, 1e9, '{}');
    case 'garbage':
      return () => lp.encode.single(randomBytes(512)).subarray();
    case 'oversized':
      return () => Uint8Array.from([0x80, 0x80, 0x80, 0x01, 1, 2, 3]); // announces 2 MiB
    case 'fetch-flood':
      return () => signed({ kind: 'fetch', body: { after: 0, seq: Date.now() * 1000 + (n++ % 1000) } });
    case 'fetch-replay': {
      const once = signed({ kind: 'fetch', body: { after: 0, seq: Date.now() } });
      return () => once;
    }
    case 'unasked-frames': {
      // Well-formed in shape (the answer is refused before its body is decoded or signature checked).
      const frame = {
        frame: { id: 'ab'.repeat(32), rank: 1, mutations: ['x'.repeat(200)] },
        certificate: {},
      };
      const answer = lp.encode
        .single(
          Buffer.from(
            `{"body":{"frames":${JSON.stringify(Array.from({ length: 64 }, () => frame))}},"chain":"${chain}","kind":"frames","rank":1,"sender":"v4","signature":"${randomBytes(64).toString('hex')}"}`,
          ),
        )
        .subarray();
      return () => answer;
    }
    case 'none':
      return () => new Uint8Array(0);
  }
}

/** Dial every honest validator with `seed`'s key and pour `next()` into each link until `stop`. */
async function attacker(
  seed: Buffer,
  network: string,
  chain: string,
  targets: readonly string[],
  attack: Attack,
  stop: { done: boolean },
) {
  const m = await loadLibp2p();
  const node = (await m.libp2p.createLibp2p({
    privateKey: await libp2pKeyFromSeed(m, seed),
    transports: [m.tcp.tcp()],
    connectionEncrypters: [m.noise.noise()],
    streamMuxers: [m.yamux.yamux()],
  })) as unknown as Libp2p;
  const next = payloads(attack, chain, m.lp, ed25519SignerFromSeed(seed));
  let sent = 0;
  const failures = new Map<string, number>();
  const pour = async (target: string): Promise<void> => {
    while (!stop.done) {
      try {
        const stream: Stream = await node.dialProtocol(m.multiaddr.multiaddr(target), linkProtocol(network), {
          signal: AbortSignal.timeout(5000),
        });
        await stream.sink(
          (async function* () {
            while (!stop.done) {
              sent += 1;
              yield next();
              await new Promise((resolve) => setImmediate(resolve));
            }
          })(),
        );
      } catch (err) {
        failures.set(String(err), (failures.get(String(err)) ?? 0) + 1);
        await sleep(20);
      }
    }
  };
  const running = targets.map(pour);
  return {
    sent: () => sent,
    failures: () => [...failures].map(([e, n]) => `${n}× ${e.slice(0, 120)}`),
    // A sink held up by a peer that stopped reading must not hold the benchmark up.
    stop: async () => {
      await Promise.race([node.stop(), sleep(3000)]);
      await Promise.race([Promise.allSettled(running), sleep(3000)]);
    },
  };
}

async function run(attack: Attack, windowMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-hostile-net-'));
  const ports = await freePorts(8);
  const layout = initTestnet(dir, ports.slice(0, 4));
  const honest = layout.validators.slice(0, 3);
  const procs: (ValidatorProcess & { child: ChildProcess })[] = honest.map((v, i) => {
    const child = spawn(
      process.execPath,
      [LAUNCHER, 'node', '--key', v.keyFile, '--validators', layout.setFile, '--data-dir', v.dataDir,
        '--metrics-port', String(ports[4 + i])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ); // prettier-ignore
    const log = createWriteStream(join(dir, `${v.id}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    return { id: v.id, metricsPort: ports[4 + i]!, child, exits: 0, lastStatus: undefined };
  });
  const fourth = readKeyFile(layout.validators[3]!.keyFile);
  const { file: setFile, set } = readValidatorSetFile(layout.setFile);
  const network = setFile.network;
  // Forged envelopes name this network's chain, so they reach the checks after the chain's.
  const chain = chainScope(genesisFrame(network), set);
  const m = await loadLibp2p();
  const targets = honest.map((v, i) =>
    multiaddrOf(`127.0.0.1:${ports[i]}`, libp2pPeerIdOf(m, readKeyFile(v.keyFile).key.publicKey).toString()),
  );
  const lowest = async (): Promise<number> => {
    const s = await Promise.all(procs.map((p) => pollStatus(p, 2000)));
    return Math.min(...s.map((x) => x?.finalizedRank ?? -1));
  };
  const stop = { done: false };
  let maxRss = 0;
  let from = -1;
  let to = -1;
  let sent = 0;
  let honestCpu = 0;
  let attackerCpu = 0;
  try {
    // The window opens once every honest validator has finalized a few ranks.
    for (let t = Date.now(); (from = await lowest()) < 3; await sleep(200))
      if (Date.now() - t > 180_000) throw new Error('the honest validators did not start');
    const evil =
      attack === 'none' ? undefined : await attacker(fourth.seed, network, chain, targets, attack, stop);
    from = await lowest();
    const cpuAtStart = procs.map((p) => cpuMs(p.child.pid!));
    const ownAtStart = process.cpuUsage();
    const start = Date.now();
    while (Date.now() - start < windowMs) {
      await sleep(500);
      maxRss = Math.max(maxRss, ...procs.map((p) => rssMb(p.child.pid!)));
    }
    to = await lowest();
    honestCpu = procs.reduce((sum, p, i) => sum + cpuMs(p.child.pid!) - cpuAtStart[i]!, 0);
    const own = process.cpuUsage(ownAtStart);
    attackerCpu = (own.user + own.system) / 1000;
    stop.done = true;
    sent = evil?.sent() ?? 0;
    if (sent === 0 && evil !== undefined)
      process.stderr.write(`  ${attack}: ${evil.failures().join('; ')}\n`);
    await evil?.stop();
  } finally {
    stop.done = true;
    for (const p of procs) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    attack,
    honestRanksPerSecond: Number(((to - from) / (windowMs / 1000)).toFixed(2)),
    honestMaxRssMb: Math.round(maxRss),
    // Of the three honest validators together, and of this process (the attacker), per second.
    honestCpuMsPerSecond: Math.round(honestCpu / (windowMs / 1000)),
    attackerCpuMsPerSecond: Math.round(attackerCpu / (windowMs / 1000)),
    attackFramesSent: sent,
  };
}

interface Options {
  readonly windowMs: number;
  readonly attacks: readonly Attack[];
  readonly json: boolean;
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const attackList = (value: string): Attack[] => {
  const names = value.split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !(ATTACKS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown attack ${unknown.join(', ')}; known: ${ATTACKS.join(', ')}`);
  return names as Attack[];
};

/** The options, or the exit code when they are wrong (or `--help` was asked for). */
function optionsOf(argv: readonly string[]): Options | number {
  const program = new Command()
    .name('bench:hostile-net')
    .description('honest validators beside an attacker holding the fourth key: their rate, memory and CPU')
    .argument('[window]', 'the measuring window in ms (as --window)', positive)
    .argument('[attacks]', 'the attacks to run, comma-separated (as --attacks)', attackList)
    .option('--window <ms>', 'the measuring window of each run, ms', positive)
    .option(
      '--attacks <list>',
      `attacks to run, comma-separated, of: ${ATTACKS.join(', ')} (none always runs)`,
      attackList,
    )
    .option('--json', 'print only the JSON object')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const [window, attacks] = program.processedArgs as [number | undefined, Attack[] | undefined];
  const o = program.opts<{ window?: number; attacks?: Attack[]; json?: boolean }>();
  const only = o.attacks ?? attacks;
  return {
    windowMs: o.window ?? window ?? 20_000,
    attacks: ATTACKS.filter((a) => a === 'none' || only === undefined || only.includes(a)),
    json: o.json === true,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = optionsOf(argv);
  if (typeof options === 'number') return options;
  const results = [];
  for (const attack of options.attacks) {
    results.push(await run(attack, options.windowMs));
    if (!options.json) process.stderr.write(`  ${JSON.stringify(results[results.length - 1])}\n`);
  }
  const base = results[0]!.honestRanksPerSecond;
  if (!options.json) {
    const table = new Table({
      head: [
        'attack',
        'honest ranks/s',
        'of no attack',
        'honest max RSS MB',
        'honest CPU ms/s',
        'attacker CPU ms/s',
        'frames sent',
      ],
    });
    for (const r of results)
      table.push([
        r.attack,
        r.honestRanksPerSecond,
        `${Math.round((100 * r.honestRanksPerSecond) / base)}%`,
        r.honestMaxRssMb,
        r.honestCpuMsPerSecond,
        r.attackerCpuMsPerSecond,
        r.attackFramesSent,
      ]);
    console.log(table.toString());
  }
  console.log(JSON.stringify({ windowMs: options.windowMs, results }));
  // The honest validators finalizing nothing in a window is a stall, not a figure.
  const stalled = results.filter((r) => !(r.honestRanksPerSecond > 0)).map((r) => r.attack);
  if (stalled.length === 0) return 0;
  console.error(`the honest validators finalized nothing in the window of: ${stalled.join(', ')}`);
  return 1;
}

void main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
