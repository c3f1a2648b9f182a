/**
 * The figures of SECURITY.md: what hostile input costs a node. `npm run bench:hostile --
 * [forged-count] [--json]`. Prints a table of the bounds, then one JSON object:
 *
 * - heap retained after `forged-count` (default 2,000) forged 1 MiB envelopes claiming a validator
 * - CPU per refused KB of them, and of unknown-sender / out-of-window envelopes of the same size
 * - refusing 1 MiB of nesting against 1 MiB of flat string (median ms, ratio)
 * - one envelope signature check: Ed25519, and a cache hit
 * - heap retained after 1,000,000 votes from made-up voters (engine alone, membership check on)
 * - wide bodies from a known sender in the window: CPU per MiB for 1 MiB of zeros, 70k keys, and
 *   the widest body the shape limits let through (131,072 values), against an honest body of text
 * - signature checks spent on a message of each kind at rank 10^9 (none is the bound)
 */
import { randomBytes } from 'node:crypto';
import Table from 'cli-table3';
import { NEVER, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createStateMachine, type Domain } from '../src';
import { createGuardedInbound } from '../src/inbound';
import {
  buildFrame,
  cachingVerifier,
  createReferenceValidator,
  referenceMessageCheck,
  ed25519Verifier,
  genesisFrame,
  seededSigner,
  ValidatorSet,
  verificationFor,
} from '../src/reference';
import { referenceDomain } from '../src/reference/domain';
import { DEFAULT_MAX_BYTES, readJson, sealMessage, verifyEnvelope, type Verifier } from '../src/wire';
import { countArguments } from './support/args';

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc');
  collect();
  collect();
};
const heapMb = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

const ids = ['v0', 'v1', 'v2', 'v3'];
const signers = new Map(ids.map((id) => [id, seededSigner(id)]));
const validators = ValidatorSet.of(
  ids.map((id) => ({ id, publicKey: signers.get(id)!.publicKey, weight: 1 })),
);
const scheduler = () => new VirtualTimeScheduler(VirtualAction, Infinity);

/** A validator's guarded path; `counting` replaces the verifier and takes every protocol kind. */
function referenceReceiver(counting?: Verifier) {
  // A validator that is never started: its machine only receives, behind the guarded path.
  const validator = createReferenceValidator({
    self: 'v0',
    signer: signers.get('v0')!,
    validators,
    transport: { inbound$: NEVER, broadcast: () => undefined },
    scheduler: scheduler(),
  });
  const verifier = cachingVerifier(counting ?? ed25519Verifier, 16 * ids.length + 1024);
  const inbound = createGuardedInbound({
    machine: validator.machine,
    domain: referenceDomain,
    validators,
    verifier,
    check: referenceMessageCheck(verificationFor(validators, verifier, genesisFrame())),
    ...(counting === undefined ? {} : { protocol: () => undefined }),
  });
  return { inbound, verifier };
}

const padding = 'x'.repeat(DEFAULT_MAX_BYTES);
/** A forged megabyte confirmation (a kind signed as a whole: its signature covers every byte). */
function forged(sender: string, rank: number): string {
  const head = `{"body":{"pad":"`;
  const tail = `"},"chain":"","kind":"confirmation","rank":${rank},"sender":"${sender}","signature":"${randomBytes(64).toString('hex')}"}`;
  return head + padding.slice(0, DEFAULT_MAX_BYTES - head.length - tail.length) + tail;
}

function forgedFlood(count: number) {
  const { inbound, verifier } = referenceReceiver();
  const texts = Array.from({ length: 8 }, (_, i) => forged(ids[1 + (i % 3)]!, 1 + (i % 16)));
  const before = heapMb();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    // A fresh signature each time: nothing a cache keyed by content could recognize.
    const text = texts[i % texts.length]!.replace(
      /"signature":"[0-9a-f]+"/,
      `"signature":"${randomBytes(64).toString('hex')}"`,
    );
    inbound.accept(text);
  }
  const ms = cpuMs(cpu);
  return {
    forged_envelopes: count,
    forged_heap_retained_mb: round(heapMb() - before),
    forged_cache_entries: verifier.size(),
    forged_cpu_us_per_refused_kb: round((ms * 1000) / (count * 1024)),
    forged_cpu_ms_per_envelope: round(ms / count),
    rejected: inbound.counts().byReason,
  };
}

function cheapRefusals() {
  const { inbound } = referenceReceiver();
  const cases = { unknown_sender: forged('mallory', 1), too_far_ahead: forged('v1', 99) };
  return Object.fromEntries(
    Object.entries(cases).map(([reason, text]) => {
      const cpu = process.cpuUsage();
      for (let i = 0; i < 50; i++) inbound.accept(text);
      return [`${reason}_cpu_us_per_refused_kb`, round((cpuMs(cpu) * 1000) / (50 * 1024))];
    }),
  );
}

function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

function nesting() {
  const limits = { maxBytes: DEFAULT_MAX_BYTES };
  const nested = '['.repeat(DEFAULT_MAX_BYTES / 2) + ']'.repeat(DEFAULT_MAX_BYTES / 2);
  const flat = `"${'a'.repeat(DEFAULT_MAX_BYTES - 2)}"`;
  const nestedMs = median(11, () => readJson(nested, limits));
  const flatMs = median(11, () => readJson(flat, limits));
  return {
    nested_1mib_refusal_ms: round(nestedMs, 3),
    flat_1mib_read_ms: round(flatMs, 3),
    nested_over_flat: round(nestedMs / flatMs),
  };
}

function verification() {
  const signer = signers.get('v1')!;
  const frame = buildFrame(
    { prior: genesisFrame(), proposer: 'v1', mutations: ['m'], proof: 'p' },
    signer,
    '',
  );
  const envelope = sealMessage(referenceDomain, signer, { kind: 'proposal', peer: 'v1', proposal: frame });
  const n = 2000;
  let t = performance.now();
  for (let i = 0; i < n; i++) verifyEnvelope(envelope, signer.publicKey, ed25519Verifier);
  const ed = ((performance.now() - t) * 1000) / n;
  const cache = cachingVerifier(ed25519Verifier);
  verifyEnvelope(envelope, signer.publicKey, cache);
  t = performance.now();
  for (let i = 0; i < n; i++) verifyEnvelope(envelope, signer.publicKey, cache);
  const hit = ((performance.now() - t) * 1000) / n;
  return {
    envelope_bytes: JSON.stringify(envelope).length,
    verify_us: round(ed, 1),
    cache_hit_us: round(hit, 1),
  };
}

function unknownVoters(count: number) {
  interface Vote {
    readonly rank: number;
    readonly voter: string;
    readonly proposal: string;
  }
  const domain: Domain<Vote, Vote, string, Vote> = {
    state: { identity: (s) => s.proposal, rank: (s) => s.rank },
    vote: { identity: (v) => v.proposal, rank: (v) => v.rank },
    peer: { identity: (p) => p, isMember: (p) => ids.includes(p) },
    collected: { identity: (c) => c.proposal, rank: (c) => c.rank },
  };
  const never = () => new Promise<never>(() => undefined);
  const machine = createStateMachine<Vote, Vote, string, Vote>({
    id: 'v0',
    initialState: { rank: 0, voter: 'v0', proposal: 'genesis' },
    emitReceiveEventsOnSends: false,
    minimumProvers: 1,
    domain,
    providers: {
      sync: { synchronize: never },
      voting: {
        sendProposal: never,
        decideAndSendVote: never,
        sendVote: never,
        isQuorum: never,
        finalizeVotes: never,
        sendConfirmation: never,
      },
      leader: { getNextLeaders: never, proveNextState: never },
      liveness: { collect: never, sendLiveness: never },
    },
    scheduler: scheduler(),
  });
  const before = heapMb();
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    const voter = `made-up-${i}`;
    machine.receiveVote('v1', voter, { rank: 1 + (i % 16), voter, proposal: `f${i}` });
  }
  const s = (performance.now() - t) / 1000;
  return {
    unknown_voters: count,
    unknown_voters_heap_retained_mb: round(heapMb() - before),
    unknown_voters_refused_per_s: Math.round(count / s),
  };
}

/** CPU ms per MiB of refusing (or taking) `bytes`, the median of `runs`. */
function cpuPerMib(accept: (bytes: Uint8Array) => unknown, bytes: Uint8Array, runs = 9): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    accept(bytes);
    times.push(cpuMs(cpu));
  }
  return round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]! / (bytes.length / 2 ** 20), 1);
}

function wideBodies() {
  const { inbound } = referenceReceiver();
  const envelope = (body: string): Uint8Array =>
    Buffer.from(
      `{"body":${body},"chain":"","kind":"proposal","rank":1,"sender":"v1","signature":"${randomBytes(64).toString('hex')}"}`,
    );
  const accept = (bytes: Uint8Array) => inbound.accept(bytes);
  const zeros = envelope(`{"p":[${'0,'.repeat(2 ** 19 - 200)}0]}`);
  const keys = envelope(
    `{${Array.from({ length: 70_000 }, (_, i) => `"k${String(i).padStart(6, '0')}":0`).join(',')}}`,
  );
  const widest = envelope(`{"p":[${'0,'.repeat(131_000)}0]}`);
  const text = envelope(`{"p":"${'x'.repeat(2 ** 20 - 300)}"}`);
  const widestPerMib = cpuPerMib(accept, widest);
  return {
    wide_zeros_1mib_cpu_ms_per_mib: cpuPerMib(accept, zeros),
    wide_keys_70k_cpu_ms_per_mib: cpuPerMib(accept, keys),
    widest_allowed_bytes: widest.length,
    widest_allowed_cpu_ms: round((widestPerMib * widest.length) / 2 ** 20),
    widest_allowed_cpu_ms_per_mib: widestPerMib,
    honest_text_1mib_cpu_ms_per_mib: cpuPerMib(accept, text),
  };
}

function outOfWindow() {
  let checks = 0;
  const { inbound } = referenceReceiver({
    verify: (k, b, sig) => (checks++, ed25519Verifier.verify(k, b, sig)),
  });
  const kinds = ['proposal', 'vote', 'liveness', 'confirmation', 'timeout', 'fetch'];
  for (const kind of kinds)
    inbound.accept(
      `{"body":{},"chain":"","kind":"${kind}","rank":1000000000,"sender":"v1","signature":"${randomBytes(64).toString('hex')}"}`,
    );
  return { far_ahead_kinds: kinds.length, far_ahead_signature_checks: checks };
}

const { count } = countArguments('bench:hostile [count of forged envelopes, 2000] [--json]', { count: 2000 });
const figures: Record<string, unknown> = {
  ...forgedFlood(count),
  ...cheapRefusals(),
  ...nesting(),
  ...verification(),
  ...wideBodies(),
  ...outOfWindow(),
  ...unknownVoters(1_000_000),
};
if (!process.argv.includes('--json')) {
  const table = new Table({ head: ['bound', 'measured'] });
  for (const [key, value] of Object.entries(figures))
    if (typeof value !== 'object') table.push([key.replaceAll('_', ' '), String(value)]);
  console.log(table.toString());
}
console.log(JSON.stringify(figures, null, 2));
