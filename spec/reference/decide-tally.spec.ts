import fc from 'fast-check';
import {
  ed25519Verifier,
  quorumOf,
  tallyBallots,
  verificationFor,
  type Verification,
} from '../../src/reference';
import { ballotFor, frameBy, genesis, keyring } from './support';

const ring = keyring(4); // f = 1, quorum 3
const v: Verification = verificationFor(ring.validators, ed25519Verifier, genesis);

describe('counting ballots', () => {
  const a = frameBy(ring, 'v1');
  const b = frameBy(ring, 'v2');

  it('a quorum is 3 of 4 ballots for the same frame', () => {
    expect(quorumOf([ballotFor(ring, 'v0', a), ballotFor(ring, 'v1', a)], v)).toBeUndefined();
    expect(
      quorumOf([ballotFor(ring, 'v0', a), ballotFor(ring, 'v1', a), ballotFor(ring, 'v2', b)], v),
    ).toBeUndefined();
    expect(
      quorumOf(
        ['v0', 'v1', 'v2'].map((id) => ballotFor(ring, id, a)),
        v,
      ),
    ).toMatchObject({
      proposal: a.id,
      proposer: 'v1',
      weight: 3,
      voters: ['v0', 'v1', 'v2'],
    });
  });

  it('never counts a ballot whose signature does not verify, nor one voter twice', () => {
    const forged = { ...ballotFor(ring, 'v2', b), proposal: a.id };
    expect(quorumOf([ballotFor(ring, 'v0', a), ballotFor(ring, 'v1', a), forged], v)).toBeUndefined();
    expect(
      quorumOf([ballotFor(ring, 'v0', a), ballotFor(ring, 'v0', a), ballotFor(ring, 'v1', a)], v),
    ).toBeUndefined();
  });

  it('weights count', () => {
    const heavy = keyring(4, [4, 1, 1, 1]); // T = 7, quorum 5
    const hv: Verification = verificationFor(heavy.validators, ed25519Verifier, genesis);
    const f = frameBy(heavy, 'v1');
    expect(tallyBallots([ballotFor(heavy, 'v0', f)], hv)[0]?.weight).toBe(4);
    expect(quorumOf([ballotFor(heavy, 'v0', f)], hv)).toBeUndefined();
    expect(quorumOf([ballotFor(heavy, 'v0', f), ballotFor(heavy, 'v3', f)], hv)?.weight).toBe(5);
  });

  it('two different frames never both reach a quorum when honest voters vote once', () => {
    const seven = keyring(7); // f = 2, quorum 5
    const sv: Verification = verificationFor(seven.validators, ed25519Verifier, genesis);
    const x = frameBy(seven, 'v1');
    const y = frameBy(seven, 'v2');
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.subarray(['v5', 'v6']),
        (honestForX, byzantine) => {
          // Honest v0..v4 each vote once; Byzantine voters sign for both frames.
          const honest = honestForX.map((forX, i) => ballotFor(seven, `v${i}`, forX ? x : y));
          const forX = [
            ...honest.filter((b) => b.proposal === x.id),
            ...byzantine.map((id) => ballotFor(seven, id, x)),
          ];
          const forY = [
            ...honest.filter((b) => b.proposal === y.id),
            ...byzantine.map((id) => ballotFor(seven, id, y)),
          ];
          const both = quorumOf(forX, sv) !== undefined && quorumOf(forY, sv) !== undefined;
          expect(both).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });
});
