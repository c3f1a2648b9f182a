import {
  checkBallot,
  checkCollected,
  checkFrame,
  frameId,
  genesisFrame,
  makeCollected,
  type Verification,
} from '../../src/reference';
import { ed25519Verifier, verificationFor } from '../../src/reference';
import { ballotFor, frameBy, genesis, keyring } from './support';

const ring = keyring(4);
const v: Verification = verificationFor(ring.validators, ed25519Verifier, genesis);

describe('frames', () => {
  const frame = frameBy(ring, 'v1', genesis, ['a', 'b']);

  it('are built on their prior, identified by their content hash, and signed by the proposer', () => {
    expect(frame).toMatchObject({ rank: 1, parent: genesis.id, proposer: 'v1', mutations: ['a', 'b'] });
    expect(frame.id).toBe(frameId(frame));
    expect(checkFrame(frame, v)).toEqual({ _tag: 'Right', right: frame });
  });

  it('the genesis frame is the same everywhere, unsigned, and valid; chains differ by name', () => {
    expect(genesisFrame()).toEqual(genesis);
    expect(checkFrame(genesis, v)._tag).toBe('Right');
    expect(genesisFrame('other').id).not.toBe(genesis.id);
    expect(checkFrame(genesisFrame('other'), v)).toMatchObject({
      left: { reason: 'bad_signature', field: 'proposer' },
    });
  });

  it.each([
    ['changed content', { ...frame, mutations: ['a'] }, 'malformed', 'id'],
    [
      'a signature by someone else',
      { ...frame, signature: frameBy(ring, 'v2').signature },
      'bad_signature',
      'signature',
    ],
    [
      'a proposer outside the set',
      (() => {
        const f = frameBy(ring, 'v1');
        return { ...f, proposer: 'x', id: frameId({ ...f, proposer: 'x' }) };
      })(),
      'bad_signature',
      'proposer',
    ],
  ])('are refused with %s', (_, bad, reason, field) => {
    expect(checkFrame(bad, v)).toMatchObject({ _tag: 'Left', left: { reason, field } });
  });
});

describe('ballots', () => {
  const frame = frameBy(ring, 'v1');
  const ballot = ballotFor(ring, 'v2', frame);

  it('name the frame, its proposer and rank, and are signed by the voter', () => {
    expect(ballot).toMatchObject({ rank: 1, voter: 'v2', proposal: frame.id, proposer: 'v1' });
    expect(checkBallot(ballot, v)._tag).toBe('Right');
  });

  it('are refused when any signed field changes or the voter is unknown', () => {
    for (const bad of [
      { ...ballot, rank: 2 },
      { ...ballot, proposal: frameBy(ring, 'v3').id },
      { ...ballot, proposer: 'v3' },
      { ...ballot, voter: 'v3' },
    ]) {
      expect(checkBallot(bad, v)).toMatchObject({ left: { reason: 'bad_signature', field: 'signature' } });
    }
    expect(checkBallot({ ...ballot, voter: 'x' }, v)).toMatchObject({
      left: { field: 'voter', problem: 'x is not a validator' },
    });
  });
});

describe('collections', () => {
  it('are identified by a hash of rank and mutations', () => {
    const c = makeCollected(3, ['m1']);
    expect(checkCollected(c)._tag).toBe('Right');
    expect(checkCollected({ ...c, rank: 4 })).toMatchObject({ left: { reason: 'malformed', field: 'id' } });
  });
});
