/**
 * Property-based checks of the guarded inbound path against a real machine: hostile input never
 * throws and never changes the machine's snapshot; any single-byte change to a signed message gets
 * it rejected; an equivocating validator always leaves evidence that verifies.
 */
import fc from 'fast-check';
import { verifyEquivocation } from '../../src/inbound';
import { makeCollected } from '../../src/reference';
import { encodeEnvelope } from '../../src/wire';
import {
  ballotFor,
  frameBy,
  genesis,
  keyring,
  receiver,
  seal,
  type Message,
  type Receiver,
} from '../reference/support';

const ring = keyring(4);

/** Feed `input`; it must be rejected (one more counted), without a throw or a snapshot change. */
function expectRejected(r: Receiver, input: unknown): void {
  const before = r.machine.getSnapshot();
  const rejectedBefore = r.inbound.counts().rejected;
  const result = r.inbound.accept(input);
  expect(result._tag).toBe('Left');
  expect(r.machine.getSnapshot()).toBe(before);
  expect(r.inbound.counts().rejected).toBe(rejectedBefore + 1);
}

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

/** Envelope-shaped values: right field names, random (mostly wrong) contents. */
const envelopeLike = fc.record(
  {
    kind: fc.oneof(fc.constantFrom('proposal', 'vote', 'liveness', 'confirmation'), fc.string()),
    sender: fc.oneof(fc.constantFrom(...ring.ids), fc.string()),
    rank: fc.oneof(fc.nat(20), fc.integer(), fc.double(), fc.string()),
    body: fc.oneof(fc.object(), fc.jsonValue()),
    signature: fc.oneof(hex(128), fc.string()),
  },
  { requiredKeys: [] },
);

describe('guarded inbound properties', () => {
  it('arbitrary JSON text and values are rejected without a throw or a state change', () => {
    const r = receiver(ring);
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), envelopeLike), fc.boolean(), (value, asText) => {
        expectRejected(r, asText ? JSON.stringify(value) : value);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JavaScript values (BigInt, Map, null-prototype, sparse arrays, boxed values...) are rejected safely', () => {
    const r = receiver(ring);
    const anything = fc.anything({
      withBigInt: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withSparseArray: true,
    });
    fc.assert(
      fc.property(anything, (value) => expectRejected(r, value)),
      { numRuns: 500 },
    );
  });

  it('arbitrary bytes are rejected without a throw or a state change', () => {
    const r = receiver(ring);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => expectRejected(r, bytes)),
      { numRuns: 500 },
    );
  });

  const signedMessage: fc.Arbitrary<Message> = fc
    .tuple(
      fc.constantFrom(...ring.ids),
      fc.constantFrom(...ring.ids),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.nat(3),
    )
    .map(([sender, proposer, mutations, which]): Message => {
      const frame = frameBy(ring, proposer, genesis, mutations);
      switch (which) {
        case 0:
          return { kind: 'proposal', peer: proposer, proposal: frame };
        case 1:
          return { kind: 'vote', proposer, voter: sender, vote: ballotFor(ring, sender, frame) };
        case 2:
          return { kind: 'liveness', peer: sender, collected: makeCollected(1, mutations) };
        default:
          return { kind: 'confirmation', peer: sender, confirmation: frame };
      }
    });

  it('flipping any byte of a valid signed message gets it rejected', () => {
    fc.assert(
      fc.property(signedMessage, fc.nat(), fc.integer({ min: 1, max: 255 }), (message, at, mask) => {
        const bytes = encodeEnvelope(seal(ring, message));
        const flipped = bytes.slice();
        const i = at % bytes.length;
        flipped[i] = flipped[i]! ^ mask;
        const r = receiver(ring);
        expectRejected(r, flipped);
        expect(r.inbound.accept(bytes)._tag).toBe('Right');
      }),
      { numRuns: 300 },
    );
  });

  it('an equivocating validator produces evidence that verifies (and tampered evidence does not)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ring.ids),
        fc.uniqueArray(fc.constantFrom(...ring.ids), { minLength: 2, maxLength: 2 }),
        fc.array(fc.string(), { maxLength: 2 }),
        (voter, [p1, p2], mutations) => {
          const a = frameBy(ring, p1!, genesis, mutations);
          const b = frameBy(ring, p2!, genesis, mutations);
          const r = receiver(ring);
          r.inbound.accept(
            encodeEnvelope(
              seal(ring, { kind: 'vote', proposer: p1!, voter, vote: ballotFor(ring, voter, a) }),
            ),
          );
          const second = seal(ring, { kind: 'vote', proposer: p2!, voter, vote: ballotFor(ring, voter, b) });
          const result = r.inbound.accept(encodeEnvelope(second));
          if (result._tag === 'Right' || result.left.reason !== 'equivocation')
            throw new Error('expected equivocation');
          const evidence = result.left;
          const ctx = {
            domain: r.node.domain,
            validators: ring.validators,
            verifier: r.node.verifier,
            check: r.node.checkMessage,
          };
          expect(verifyEquivocation(evidence, ctx)).toMatchObject({
            _tag: 'Right',
            right: { voter, rank: 1 },
          });
          expect(
            verifyEquivocation({ first: evidence.first, second: { ...evidence.second, rank: 2 } }, ctx)._tag,
          ).toBe('Left');
          expect(verifyEquivocation({ first: evidence.first, second: evidence.first! }, ctx)).toEqual({
            _tag: 'Left',
            left: 'both envelopes carry the same vote',
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
