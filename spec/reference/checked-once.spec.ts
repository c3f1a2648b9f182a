/**
 * Checks remembered by identity: a frozen item (as the machine stores what it receives) is
 * verified once per `Verification`; anything that could still change is checked every time.
 */
import { checkBallot, checkFrame, verificationFor } from '../../src/reference';
import { ownCopy } from '../../src/engine/own-copy';
import { ballotFor, countingVerifier, frameBy, genesis, keyring } from './support';

const ring = keyring(4);

describe('a check remembered by identity', () => {
  it('verifies a frozen ballot once, and again under another verification', () => {
    const { verifier, calls } = countingVerifier();
    const v = verificationFor(ring.validators, verifier, genesis);
    const ballot = ownCopy(ballotFor(ring, 'v1', frameBy(ring, 'v0')));
    expect(checkBallot(ballot, v)._tag).toBe('Right');
    expect(checkBallot(ballot, v)._tag).toBe('Right');
    expect(calls.verify).toBe(1);
    const other = verificationFor(ring.validators, verifier, genesis);
    expect(checkBallot(ballot, other)._tag).toBe('Right');
    expect(calls.verify).toBe(2);
  });

  it('checks a ballot that can still change every time, and sees the change', () => {
    const { verifier, calls } = countingVerifier();
    const v = verificationFor(ring.validators, verifier, genesis);
    const ballot = { ...ballotFor(ring, 'v1', frameBy(ring, 'v0')) };
    expect(checkBallot(ballot, v)._tag).toBe('Right');
    (ballot as { rank: number }).rank = 7;
    expect(checkBallot(ballot, v)._tag).toBe('Left');
    expect(calls.verify).toBe(2);
  });

  it('does not remember a failure', () => {
    const { verifier, calls } = countingVerifier();
    const v = verificationFor(ring.validators, verifier, genesis);
    const good = ballotFor(ring, 'v1', frameBy(ring, 'v0'));
    const forged = ownCopy({ ...good, signature: ballotFor(ring, 'v2', frameBy(ring, 'v0')).signature });
    expect(checkBallot(forged, v)._tag).toBe('Left');
    expect(checkBallot(forged, v)._tag).toBe('Left');
    expect(calls.verify).toBe(2);
  });

  it('remembers a frame only when everything in it is frozen', () => {
    const { verifier, calls } = countingVerifier();
    const v = verificationFor(ring.validators, verifier, genesis);
    const built = frameBy(ring, 'v1', frameBy(ring, 'v0'));
    // Frozen on top, but its certificate's ballots can still change: checked each time.
    const shallow = Object.freeze({ ...built });
    expect(checkFrame(shallow, v)._tag).toBe('Right');
    const once = calls.verify;
    expect(checkFrame(shallow, v)._tag).toBe('Right');
    expect(calls.verify).toBe(2 * once);
    const frozen = ownCopy(built);
    expect(checkFrame(frozen, v)._tag).toBe('Right');
    expect(checkFrame(frozen, v)._tag).toBe('Right');
    expect(calls.verify).toBe(3 * once);
  });
});
