import fc from 'fast-check';
import { ValidatorSet } from '../../src/reference';

const set = (weights: readonly number[]) =>
  ValidatorSet.of(weights.map((weight, i) => ({ id: `v${i}`, publicKey: `k${i}`, weight })));
const equal = (n: number) => set(Array.from({ length: n }, () => 1));

describe('ValidatorSet', () => {
  it.each([
    [1, 0, 1, 1],
    [2, 0, 2, 2],
    [3, 0, 3, 3],
    [4, 1, 3, 3],
    [5, 1, 4, 4],
    [6, 1, 5, 5],
    [7, 2, 5, 5],
    [10, 3, 7, 7],
    [100, 33, 67, 67],
  ])('n = %i equal votes: f = %i, quorum = %i, minimumLive = %i', (n, f, quorum, live) => {
    const s = equal(n);
    expect(s.faultyWeight).toBe(f);
    expect(s.quorumWeight).toBe(quorum);
    expect(s.minimumLive).toBe(live);
  });

  it('quorum is 2f + 1 of n = 3f + 1', () => {
    for (let f = 0; f < 20; f++) {
      const s = equal(3 * f + 1);
      expect([s.faultyWeight, s.quorumWeight]).toEqual([f, 2 * f + 1]);
    }
  });

  it('quorum is the smallest weight strictly over two thirds, equals T − f, and two quorums share more than f', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }), (weights) => {
        const s = set(weights);
        const T = s.totalWeight;
        expect(3 * s.quorumWeight).toBeGreaterThan(2 * T);
        expect(3 * (s.quorumWeight - 1)).toBeLessThanOrEqual(2 * T);
        expect(s.quorumWeight).toBe(T - s.faultyWeight);
        expect(2 * s.quorumWeight - T).toBeGreaterThan(s.faultyWeight);
        expect(3 * s.faultyWeight).toBeLessThan(T);
      }),
    );
  });

  it('weighted: the most members that fit in f are the lightest ones', () => {
    const s = set([5, 1, 1, 1, 1, 1]); // T = 10, f = 3: three weight-1 members can fail
    expect([s.totalWeight, s.faultyWeight, s.quorumWeight]).toEqual([10, 3, 7]);
    expect(s.maxFaultyMembers).toBe(3);
    expect(s.minimumLive).toBe(3);
  });

  it('orders members by id and rotates leaders round robin from rank mod n', () => {
    const s = ValidatorSet.of([
      { id: 'c', publicKey: 'kc' },
      { id: 'a', publicKey: 'ka' },
      { id: 'b', publicKey: 'kb' },
    ]);
    expect(s.members.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(s.leaderOrder(0)).toEqual(['a', 'b', 'c']);
    expect(s.leaderOrder(1)).toEqual(['b', 'c', 'a']);
    expect(s.leaderOrder(5)).toEqual(['c', 'a', 'b']);
    expect(s.priorityOf(5, 'c')).toBe(0);
    expect(s.priorityOf(5, 'b')).toBe(2);
    expect(s.priorityOf(5, 'z')).toBeUndefined();
  });

  it('looks members up', () => {
    const s = equal(2);
    expect(s.has('v1')).toBe(true);
    expect(s.peerOf('v1')).toBe('v1');
    expect(s.peerOf('x')).toBeUndefined();
    expect(s.publicKeyOf('v0')).toBe('k0');
    expect(s.weightOf('x')).toBe(0);
  });

  it('refuses a bad configuration', () => {
    expect(() => ValidatorSet.of([])).toThrow('at least one member');
    expect(() => set([1, 0])).toThrow('validator v1: weight must be a positive integer, got 0');
    expect(() => set([1.5])).toThrow('weight must be a positive integer');
    expect(() =>
      ValidatorSet.of([
        { id: 'a', publicKey: 'k' },
        { id: 'a', publicKey: 'k' },
      ]),
    ).toThrow('validator a is listed twice');
  });
});

it('refuses two members with one public key: one signer would count twice', () => {
  const key = 'ab'.repeat(32);
  expect(() =>
    ValidatorSet.of([
      { id: 'a', publicKey: key },
      { id: 'b', publicKey: key },
    ]),
  ).toThrow('validators a and b have the same public key');
});
