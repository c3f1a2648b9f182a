/**
 * Fuzzing where attackers reach a running validator: its own delivery path (the bytes a
 * transport hands it, with the link they came on) with signed envelopes of every kind whose
 * bodies are generated, wide or malformed, and the link framing under random chunking and
 * garbage. Nothing may throw, report an internal error, or be refused for an unexpected error;
 * every refusal reported back to the transport names a reason of the vocabulary. `npm test`
 * runs a few hundred inputs; `npm run fuzz` tens of thousands.
 */
import fc from 'fast-check';
import { Subject } from 'rxjs';
import type { Stream } from '@libp2p/interface';
import { INBOUND_REJECTION_REASONS } from '../../src/inbound';
import { loadLibp2p, type Libp2pModules } from '../../src/libp2p';
import { Link, type LinkEnd } from '../../src/libp2p/link';
import { Outbox } from '../../src/libp2p/outbox';
import { createReferenceValidator, makeCollected, type ValidatorEvent } from '../../src/reference';
import type { InboundBytes } from '../../src/reference/validator/transport';
import { encodeEnvelope, signEnvelope, type Json } from '../../src/wire';
import { ballotFor, chainOf, frameBy, keyring, seal, virtualScheduler } from '../reference/support';
import { runs } from './support';

const ring = keyring(4);
const KINDS = ['proposal', 'vote', 'liveness', 'confirmation', 'timeout', 'fetch', 'frames'] as const;
const frame = frameBy(ring, 'v1');
const honest = [
  seal(ring, { kind: 'proposal', peer: 'v1', proposal: frame }),
  seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', frame) }),
  seal(ring, { kind: 'liveness', peer: 'v3', collected: makeCollected(1, ['m']) }),
].map((e) => e.body as Json);

/** Bodies: honest ones of other kinds, generated JSON, wide flat arrays, many keys. */
const body = fc.oneof(
  fc.constantFrom(...honest),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => ({ p: new Array<number>(n).fill(0) }) as Json),
  fc
    .integer({ min: 1, max: 5_000 })
    .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.constantFrom<Json>({ frames: [] }, { after: 0 }, { timeout: null, highQc: null, lastTc: null }),
);

/** A correctly signed envelope from a validator: what a Byzantine validator can send. */
const signed = fc
  .tuple(fc.constantFrom(...KINDS), fc.constantFrom('v1', 'v2', 'v3'), fc.oneof(fc.nat(20), fc.nat()), body)
  .map(([kind, sender, rank, b]) =>
    encodeEnvelope(
      signEnvelope(
        { chain: chainOf(ring), kind, sender, rank, body: b as { readonly [k: string]: Json } },
        ring.signer(sender),
      ),
    ),
  );

const input = fc.oneof(
  signed,
  signed.map((bytes) => bytes.subarray(0, Math.max(1, bytes.length - 7))),
  fc.uint8Array({ maxLength: 400 }),
);

it("the validator's delivery path takes any signed envelope of any kind without an internal failure", () => {
  const inbound = new Subject<InboundBytes>();
  const refused: string[] = [];
  const validator = createReferenceValidator({
    self: 'v0',
    signer: ring.signer('v0'),
    validators: ring.validators,
    scheduler: virtualScheduler(),
    transport: {
      inbound$: inbound,
      broadcast: () => undefined,
      send: () => undefined,
      refused: (_link, reason) => refused.push(reason),
    },
  });
  const failures: ValidatorEvent[] = [];
  validator.events$.subscribe((e) => {
    if (e.kind === 'error' || (e.kind === 'refused' && /unexpected error/.test(e.message))) failures.push(e);
  });
  validator.start();
  fc.assert(
    fc.property(input, fc.constantFrom('v1', 'v2', 'v3'), (bytes, from) => {
      inbound.next({ bytes, from, link: `link-${from}` });
      expect(failures).toEqual([]);
    }),
    { numRuns: runs(100, 30_000) },
  );
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.filter((r) => !(INBOUND_REJECTION_REASONS as readonly string[]).includes(r))).toEqual([]);
  validator.close();
});

describe('the link framing', () => {
  let lp: Libp2pModules['lp'];
  beforeAll(async () => {
    lp = (await loadLibp2p()).lp;
  });

  /** A stream that yields `chunks` and swallows what is written to it. */
  const streamOf = (chunks: readonly Uint8Array[]): Stream =>
    ({
      source: (async function* () {
        for (const c of chunks) yield c;
      })(),
      sink: async (source: AsyncIterable<unknown>) => {
        for await (const _ of source) void _;
      },
      close: async () => undefined,
      abort: () => undefined,
    }) as unknown as Stream;

  /** The frames delivered and how the link ended. */
  async function read(chunks: readonly Uint8Array[], maxBytes: number) {
    const frames: Uint8Array[] = [];
    const end = await new Promise<LinkEnd>((resolve) => {
      const link = new Link(
        lp,
        streamOf(chunks),
        false,
        new Outbox(),
        { maxBytes },
        {
          frame: (b) => frames.push(b),
          ended: (_l, why) => resolve(why),
        },
      );
      link.start();
    });
    return { frames, end };
  }

  /** `bytes` cut at the given points. */
  const cut = (bytes: Uint8Array, points: readonly number[]): Uint8Array[] => {
    const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
    return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1]!, end));
  };

  it('delivers the same messages in order however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (messages, points) => {
          const wire = Buffer.concat(messages.map((m) => lp.encode.single(m).subarray()));
          const { frames, end } = await read(cut(wire, points), 1024);
          expect(frames.map((f) => Buffer.from(f).toString('hex'))).toEqual(
            messages.map((m) => Buffer.from(m).toString('hex')),
          );
          expect(end).toBe('ended');
        },
      ),
      { numRuns: runs(200, 20_000) },
    );
  });

  it('never throws on garbage, never delivers more than the limit, and ends with a named reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 10 }), async (chunks) => {
        const { frames, end } = await read(chunks, 64);
        expect(frames.every((f) => f.byteLength > 0 && f.byteLength <= 64)).toBe(true);
        expect(['ended', 'too-large', 'bad-frame']).toContain(end);
      }),
      { numRuns: runs(300, 30_000) },
    );
  });
});
