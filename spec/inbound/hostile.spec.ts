/** Named hostile inputs: each is rejected, counted and published; none throws or touches the machine. */
import { signEnvelope, encodeEnvelope } from '../../src/wire';
import type { InboundRejection } from '../../src/inbound';
import { chainOf, keyring, receiver } from '../reference/support';

const ring = keyring(4);

const cyclic: Record<string, unknown> = { kind: 'vote' };
cyclic['body'] = cyclic;
const { proxy: revoked, revoke } = Proxy.revocable({}, {});
revoke();
const throwingGetter = Object.defineProperty({ kind: 'vote' }, 'sender', {
  enumerable: true,
  get() {
    throw new Error('gotcha');
  },
});
const trapAll = new Proxy(
  {},
  {
    getPrototypeOf() {
      throw new Error('trap');
    },
    ownKeys() {
      throw new Error('trap');
    },
  },
);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const protoBody = signEnvelope(
  {
    chain: chainOf(ring),
    kind: 'proposal',
    sender: 'v1',
    rank: 1,
    body: JSON.parse('{"__proto__":{"admin":true}}') as Record<string, never>,
  },
  ring.signer('v1'),
);

const cases: [string, unknown, string][] = [
  ['null', null, 'malformed'],
  ['undefined', undefined, 'malformed'],
  ['a BigInt', 10n, 'malformed'],
  ['an object holding a BigInt', { kind: 'vote', rank: 1n }, 'malformed'],
  ['a symbol', Symbol('s'), 'malformed'],
  ['a function', () => 1, 'malformed'],
  ['a cyclic object', cyclic, 'malformed'],
  ['a revoked Proxy', revoked, 'malformed'],
  ['a Proxy whose traps throw', trapAll, 'malformed'],
  ['a throwing getter', throwingGetter, 'malformed'],
  ['a __proto__ key at the top', JSON.parse('{"__proto__":{"kind":"vote"}}'), 'malformed'],
  ['a __proto__ key in a signed body', encodeEnvelope(protoBody), 'malformed'],
  ['a megabyte string', 'x'.repeat(2 * 1024 * 1024), 'oversized'],
  ['a megabyte JSON string', JSON.stringify('x'.repeat(2 * 1024 * 1024)), 'oversized'],
  ['a megabyte object', { kind: 'vote', body: 'x'.repeat(2 * 1024 * 1024) }, 'oversized'],
  ['100 000 nested arrays', nested(100_000), 'malformed'],
  ['invalid UTF-8', new Uint8Array([0xc3, 0x28]), 'malformed'],
  ['empty bytes', new Uint8Array(), 'malformed'],
  ['a number', 42, 'malformed'],
  ['a Map', new Map([['kind', 'vote']]), 'malformed'],
  ['a Date', new Date(0), 'malformed'],
];

describe('hostile inputs to the guarded inbound path', () => {
  it.each(cases)('%s is rejected safely', (_, input, reason) => {
    const r = receiver(ring);
    const seen: InboundRejection[] = [];
    r.inbound.rejection$.subscribe((x) => seen.push(x));
    const before = r.machine.getSnapshot();
    let result: ReturnType<typeof r.inbound.accept> | undefined;
    expect(() => (result = r.inbound.accept(input))).not.toThrow();
    expect(result).toMatchObject({ _tag: 'Left', left: { reason } });
    expect(r.machine.getSnapshot()).toBe(before);
    expect(seen).toHaveLength(1);
    expect(typeof seen[0]!.message).toBe('string');
    expect(r.inbound.counts().byReason[reason as InboundRejection['reason']]).toBe(1);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });
});
