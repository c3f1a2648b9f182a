/**
 * A long run of reference validators: does what they hold stop growing? `npm run bench:soak --
 * [--nodes 4] [--ranks 100000] [--every 10000] [--store memory|sqlite] [--retain n] [--json]`.
 *
 * n validators (Ed25519 on every message, the default memory store or a SQLite store each in a
 * temporary directory) on an in-process network with 1 ms links, in virtual time. At every
 * checkpoint (each `--every` finalized ranks) it prints, after a full garbage collection: the heap
 * in use, the process RSS, the ranks with signed messages each store still holds, the finalized
 * frames a store keeps, and (SQLite) the size of the database files.
 *
 * The run fails (exit 1) when the validators stop finalizing, disagree, or when what they hold
 * keeps growing: signed ranks above their bound, or the heap at the last checkpoint more than
 * `--heap-slack` MB (default 8) above the heap at the second (the first is still warming up).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Command } from 'commander';
import { Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import {
  createMemoryValidatorStore,
  createReferenceValidator,
  type InboundBytes,
  type ReferenceValidator,
  type ValidatorStore,
} from '../src/reference';
import { createKeyring, validatorIds } from '../src/sim/cluster/keyring';

interface SoakOptions {
  readonly nodes: number;
  readonly ranks: number;
  readonly every: number;
  readonly store: 'memory' | 'sqlite';
  /** Finalized frames a memory store keeps (its default when absent). */
  readonly retain?: number;
  readonly heapSlack: number;
  readonly json: boolean;
}

interface Checkpoint {
  readonly rank: number;
  readonly heapMb: number;
  readonly rssMb: number;
  /** The most ranks with signed messages any validator's store holds. */
  readonly signedRanks: number;
  /** The most finalized frames any validator's store keeps (memory store). */
  readonly finalizedKept: number | null;
  /** Size of the first validator's database files, MB (SQLite). */
  readonly dbMb: number | null;
  readonly wallS: number;
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc');
  collect();
  collect();
};
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 1000) / 1000;

/** Rank window (16) twice, plus the ranks between two prunings (64), plus the ranks in flight. */
const SIGNED_RANKS_BOUND = 2 * 16 + 64 + 8;

async function storeFor(o: SoakOptions, dir: string | null): Promise<ValidatorStore> {
  if (o.store === 'memory')
    return createMemoryValidatorStore(o.retain === undefined ? {} : { retainFinalized: o.retain });
  const { openSqliteValidatorStore } = await import('../src/sqlite');
  return openSqliteValidatorStore(join(dir!, 'store.db'));
}

const dirSizeMb = (dir: string): number =>
  mb(readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0));

export async function soak(
  o: SoakOptions,
  onCheckpoint: (c: Checkpoint) => void = () => undefined,
): Promise<{ checkpoints: Checkpoint[]; problems: string[] }> {
  const ring = createKeyring(validatorIds(o.nodes));
  const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
  const inbound = new Map(ring.ids.map((id) => [id, new Subject<InboundBytes>()]));
  const deliver = (from: string, to: string, bytes: Uint8Array): void => {
    scheduler.schedule(() => inbound.get(to)!.next({ from, bytes, link: from }), 1);
  };
  const dirs = ring.ids.map(() => (o.store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'rxc-soak-')) : null));
  const validators: ReferenceValidator[] = [];
  for (const [i, self] of ring.ids.entries()) {
    validators.push(
      createReferenceValidator({
        self,
        signer: ring.signer(self),
        validators: ring.validators,
        scheduler,
        store: await storeFor(o, dirs[i]!),
        transport: {
          inbound$: inbound.get(self)!,
          broadcast: (bytes) => ring.ids.forEach((to) => to !== self && deliver(self, to, bytes)),
          send: (to, bytes) => deliver(self, to, bytes),
        },
      }),
    );
  }
  const agreed = new Map<number, string>();
  const problems: string[] = [];
  for (const v of validators) {
    v.finalized$.subscribe(({ frame }) => {
      const known = agreed.get(frame.rank);
      if (known === undefined) agreed.set(frame.rank, frame.id);
      else if (known !== frame.id) problems.push(`rank ${frame.rank}: ${v.id} finalized another frame`);
      if (agreed.size > 4 * o.nodes) agreed.delete(agreed.keys().next().value!);
    });
    v.start();
  }

  const finalRank = (): number => Math.min(...validators.map((v) => v.status().finalizedRank));
  const checkpoints: Checkpoint[] = [];
  const start = performance.now();
  let next = o.every;
  let lastProgress = 0;
  while (next <= o.ranks && problems.length === 0) {
    const before = finalRank();
    // Virtual time in steps of 1 s; 10 s without a finalized rank is a stall.
    scheduler.maxFrames += 1_000;
    scheduler.flush();
    const reached = finalRank();
    // Counted in the virtual time allowed, not reached: a cluster with nothing scheduled stands still.
    if (reached > before) lastProgress = scheduler.maxFrames;
    else if (scheduler.maxFrames - lastProgress >= 10_000) {
      problems.push(`stalled at rank ${reached} (10 s of virtual time without a finalized rank)`);
      break;
    }
    if (reached < next) continue;
    gc();
    const stores = validators.map((v) => v.store);
    const memoryKept = stores.map((s) =>
      'dump' in s ? (s as ReturnType<typeof createMemoryValidatorStore>).dump().finalized.length : null,
    );
    checkpoints.push({
      rank: reached,
      heapMb: mb(process.memoryUsage().heapUsed),
      rssMb: mb(process.memoryUsage().rss),
      signedRanks: Math.max(...stores.map((s) => s.signedFrom(0).length)),
      finalizedKept: memoryKept[0] === null ? null : Math.max(...(memoryKept as number[])),
      dbMb: dirs[0] === null ? null : dirSizeMb(dirs[0]!),
      wallS: Math.round((performance.now() - start) / 100) / 10,
    });
    onCheckpoint(checkpoints[checkpoints.length - 1]!);
    while (next <= reached) next += o.every;
  }
  for (const v of validators) {
    v.close();
    v.store.close();
  }
  for (const dir of dirs) if (dir !== null) rmSync(dir, { recursive: true, force: true });

  const last = checkpoints[checkpoints.length - 1];
  const second = checkpoints[1];
  if (last !== undefined && last.signedRanks > SIGNED_RANKS_BOUND)
    problems.push(`a store holds ${last.signedRanks} signed ranks (bound ${SIGNED_RANKS_BOUND})`);
  if (last !== undefined && second !== undefined && last.heapMb - second.heapMb > o.heapSlack)
    problems.push(`heap grew ${(last.heapMb - second.heapMb).toFixed(1)} MB after rank ${second.rank}`);
  if (checkpoints.length === 0 && problems.length === 0) problems.push('no checkpoint reached');
  return { checkpoints, problems };
}

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${v} is not a positive integer`);
  return n;
};

async function main(): Promise<void> {
  const o = new Command('bench:soak')
    .option('--nodes <n>', 'validators', int, 4)
    .option('--ranks <n>', 'finalized ranks to reach', int, 100_000)
    .option('--every <n>', 'ranks between checkpoints', int, 10_000)
    .option('--store <kind>', 'memory or sqlite', 'memory')
    .option('--retain <n>', "finalized frames a memory store keeps (default: the store's)", int)
    .option('--heap-slack <mb>', 'heap growth allowed after the second checkpoint', Number, 8)
    .option('--json', 'print one JSON object', false)
    .parse()
    .opts<SoakOptions>();
  if (o.store !== 'memory' && o.store !== 'sqlite') throw new Error(`--store ${String(o.store)}`);
  // Each checkpoint goes to stderr as it is reached, so a long run shows where it is.
  const { checkpoints, problems } = await soak(o, (c) => console.error(JSON.stringify(c)));
  if (o.json) {
    console.log(JSON.stringify({ options: o, checkpoints, problems }));
  } else {
    const table = new Table({
      head: ['rank', 'heap MB', 'RSS MB', 'signed ranks', 'finalized kept', 'db MB', 'wall s'],
    });
    for (const c of checkpoints)
      table.push([c.rank, c.heapMb, c.rssMb, c.signedRanks, c.finalizedKept ?? '-', c.dbMb ?? '-', c.wallS]);
    console.log(table.toString());
    console.log(problems.length === 0 ? 'soak: bounded' : `soak FAILED:\n  ${problems.join('\n  ')}`);
  }
  process.exitCode = problems.length === 0 ? 0 : 1;
}

if (require.main === module) void main();
