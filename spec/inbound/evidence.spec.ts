import { EvidenceCache, verifyEquivocation } from '../../src/inbound';
import { ballotFor, frameBy, keyring, receiver, seal } from '../reference/support';

const ring = keyring(4);
const r = receiver(ring);
const ctx = {
  domain: r.node.domain,
  validators: ring.validators,
  verifier: r.node.verifier,
  check: r.node.checkMessage,
};
const a = frameBy(ring, 'v1');
const b = frameBy(ring, 'v2');
const voteA = seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v3', vote: ballotFor(ring, 'v3', a) });
const voteB = seal(ring, { kind: 'vote', proposer: 'v2', voter: 'v3', vote: ballotFor(ring, 'v3', b) });

describe('verifyEquivocation', () => {
  it('accepts two different signed votes of one voter at one rank', () => {
    expect(verifyEquivocation({ first: voteA, second: voteB }, ctx)).toMatchObject({
      _tag: 'Right',
      right: { voter: 'v3', rank: 1, first: { proposal: a.id }, second: { proposal: b.id } },
    });
  });

  it.each([
    [
      'no signed first vote',
      { first: null, second: voteB },
      'the first vote is not held as a signed envelope',
    ],
    [
      'two voters',
      {
        first: voteA,
        second: seal(ring, { kind: 'vote', proposer: 'v2', voter: 'v0', vote: ballotFor(ring, 'v0', b) }),
      },
      'the envelopes have different senders',
    ],
    [
      'a proposal instead of a vote',
      { first: voteA, second: seal(ring, { kind: 'proposal', peer: 'v3', proposal: frameBy(ring, 'v3') }) },
      'both envelopes must be votes',
    ],
    [
      'a forged envelope',
      { first: voteA, second: { ...voteB, signature: voteA.signature } },
      'an envelope signature does not verify',
    ],
    [
      'an unknown sender',
      { first: { ...voteA, sender: 'x' }, second: { ...voteB, sender: 'x' } },
      'x is not a known sender',
    ],
    ['the same vote twice', { first: voteA, second: voteA }, 'both envelopes carry the same vote'],
  ])('refuses %s', (_, evidence, reason) => {
    expect(verifyEquivocation(evidence, ctx)).toEqual({ _tag: 'Left', left: reason });
  });
});

describe('EvidenceCache', () => {
  it('keeps the first envelope per rank, kind and sender, and forgets ranks at or below the active one', () => {
    const cache = new EvidenceCache();
    cache.hold(1, 'vote', 'v3', { envelope: voteA, itemId: a.id });
    cache.hold(1, 'vote', 'v3', { envelope: voteB, itemId: b.id });
    cache.hold(2, 'vote', 'v3', { envelope: voteB, itemId: b.id });
    expect(cache.get(1, 'vote', 'v3')?.itemId).toBe(a.id);
    expect(cache.get(1, 'proposal', 'v3')).toBeUndefined();
    expect(cache.size).toBe(2);
    cache.pruneThrough(1);
    expect(cache.get(1, 'vote', 'v3')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
