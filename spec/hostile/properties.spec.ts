/**
 * Generated hostile input against the wire decoder, the guarded path and the engine's own receive
 * side: nothing throws, nothing refused changes the machine, and every refusal is typed and says
 * what was wrong. `npm test` runs a few thousand inputs; `npm run fuzz` over a million in all.
 */
import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';
import { createGuardedInbound, INBOUND_REJECTION_REASONS, type GuardedInbound } from '../../src/inbound';
import { referenceDomain } from '../../src/reference/domain';
import { ed25519Verifier } from '../../src/reference';
import { makeCollected } from '../../src/reference';
import { decodeEnvelope, encodeEnvelopeText, readJson } from '../../src/wire';
import { Rejection, type Domain } from '../../src';
import {
  createFixture,
  domain,
  virtualScheduler,
  type Ballot,
  type Frame,
  type Mutations,
  type Peer,
} from '../support/fixture';
import { ballotFor, chainOf, frameBy, keyring, receiver, seal } from '../reference/support';
import { LONG, runs } from './support';

const ring = keyring(4);
const frame = frameBy(ring, 'v1');
const validTexts = [
  encodeEnvelopeText(seal(ring, { kind: 'proposal', peer: 'v1', proposal: frame })),
  encodeEnvelopeText(
    seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', frame) }),
  ),
  encodeEnvelopeText(seal(ring, { kind: 'liveness', peer: 'v3', collected: makeCollected(1, ['m']) })),
];

/** A valid envelope's text with a few characters replaced, inserted or deleted (structure-breaking ones favoured). */
const mutatedText = fc
  .tuple(
    fc.constantFrom(...validTexts),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('replace', 'insert', 'delete'),
        fc.oneof(
          fc.constantFrom('[', ']', '{', '}', '"', '\\', ',', ':', '0', '-', 'e', ' '),
          fc.string({ maxLength: 3 }),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([text, edits]) =>
    edits.reduce((t, [at, op, s]) => {
      const i = at % (t.length + 1);
      return op === 'insert'
        ? t.slice(0, i) + s
        : op === 'delete'
          ? t.slice(0, i) + t.slice(i + 1)
          : t.slice(0, i) + s + t.slice(i + 1);
    }, text),
  );

/** Nesting well past the limit, in arrays, objects and strings that only look nested. */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('[', '{"a":', '"[', '[{"k":['), fc.boolean())
  .map(([depth, open, closed]) => open.repeat(depth) + (closed ? '1' + ']'.repeat(depth) : ''));

const hostileText = fc.oneof(mutatedText, deepText, fc.string(), fc.json());
const hostileInput = fc.oneof(
  hostileText,
  hostileText.map((t) => new TextEncoder().encode(t)),
  fc.uint8Array({ maxLength: 300 }),
  fc.anything(),
);

const RUNS = runs(2_000, 400_000);

it('the wire decoder never throws and names the field and the problem of every refusal', () => {
  fc.assert(
    fc.property(hostileInput, (input) => {
      const decoded = decodeEnvelope(input as string);
      if (isLeft(decoded)) {
        expect(decoded.left.field.length).toBeGreaterThan(0);
        expect(decoded.left.problem.length).toBeGreaterThan(0);
        expect(decoded.left.message).toBe(`${decoded.left.field}: ${decoded.left.problem}`);
      }
      const read = readJson(input, { maxBytes: 4096, maxDepth: 8 });
      if (isLeft(read)) expect(['oversized', 'malformed']).toContain(read.left.type);
    }),
    { numRuns: RUNS },
  );
});

it('nesting past the limit is refused for its depth before any parse, closed or not', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 33, max: 5000 }),
      fc.constantFrom('[', '{"a":', '[{"k":['),
      fc.boolean(),
      (depth, open, closed) => {
        const text = open.repeat(depth) + (closed ? '1' + ']'.repeat(depth) : '');
        expect(decodeEnvelope(text)).toMatchObject({
          left: { field: '(root)', problem: 'nested deeper than 32' },
        });
      },
    ),
    { numRuns: RUNS / 10 },
  );
});

/**
 * An answer in which the guarded path reports that its own checking threw: `accept` turns the
 * exception into a `refused` answer (so a peer cannot crash the node), but it is a bug, never a
 * verdict on the input. The machine's own `refused` carries the machine's rejection.
 */
const failedInside = (
  answer: ReturnType<GuardedInbound<unknown, unknown, unknown, unknown>['accept']>,
): boolean => isLeft(answer) && answer.left.reason === 'refused' && answer.left.machine === undefined;

it('counts an exception inside the guarded path as a failure of the property (a planted throw is caught)', () => {
  const r = receiver(ring);
  let calls = 0;
  const planted = createGuardedInbound({
    machine: r.machine,
    domain: referenceDomain,
    chain: chainOf(ring),
    validators: ring.validators,
    verifier: ed25519Verifier,
    check: () => {
      if (++calls % 3 === 0) throw new Error('planted');
      return undefined;
    },
  });
  const answers = [0, 1, 2].map(() => planted.accept(validTexts[0]!, 'fuzzer'));
  expect(answers.map(failedInside)).toEqual([false, false, true]);
});

it('the guarded path never throws, and refuses with a typed reason without touching the machine', () => {
  const r = receiver(ring);
  fc.assert(
    fc.property(hostileInput, (input) => {
      const before = r.machine.getSnapshot();
      const answer = r.inbound.accept(input, 'fuzzer');
      expect(failedInside(answer) ? answer : 'no internal failure').toBe('no internal failure');
      if (isLeft(answer)) {
        expect(INBOUND_REJECTION_REASONS).toContain(answer.left.reason);
        expect(answer.left.message.length).toBeGreaterThan(0);
        expect(r.machine.getSnapshot()).toBe(before);
      }
    }),
    { numRuns: RUNS },
  );
  // Nothing unauthenticated was charged to a validator; the fuzzer's link was charged for all of it.
  expect([...r.inbound.refusalsBySender().keys()].every((id) => ring.ids.includes(id))).toBe(true);
  expect(r.inbound.refusalsByLink().get('fuzzer')).toBe(r.inbound.counts().rejected);
});

it("the engine's receive side never throws, and refuses any value it cannot read without a change", () => {
  const members: Domain<Frame, Ballot, Peer, Mutations> = {
    ...domain,
    peer: { ...domain.peer, isMember: (p) => p === 'v1' || p === 'v2' },
  };
  const { sm } = createFixture({
    scheduler: virtualScheduler(),
    initialState: { rank: 0, id: 'genesis' },
    domain: members,
  });
  const peer = fc.oneof(fc.constantFrom('v1', 'v2', 'mallory'), fc.anything());
  fc.assert(
    fc.property(peer, peer, fc.anything(), (proposer, voter, vote) => {
      const before = sm.getSnapshot();
      const answer = sm.receiveVote(proposer as Peer, voter as Peer, vote as Ballot);
      if (isLeft(answer)) {
        expect(answer.left).toBeInstanceOf(Rejection);
        expect(['malformed', 'unknown_peer', 'stale', 'too_far_ahead', 'equivocation']).toContain(
          answer.left.reason,
        );
        expect(sm.getSnapshot()).toBe(before);
      }
    }),
    { numRuns: LONG ? 300_000 : 1_000 },
  );
  // Only members' votes were stored.
  for (const { votes } of sm.getSnapshot().rounds.counts()) expect(votes).toBeLessThanOrEqual(2);
});
