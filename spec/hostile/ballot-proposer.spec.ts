/**
 * A ballot names the frame and its proposer, and the voter signs both. A voter that signs a
 * ballot naming the wrong proposer, then its ballot naming the right one, has signed two
 * different ballots at one rank: the second is refused as an equivocation with both signed
 * envelopes as evidence, not silently taken for a duplicate of the first.
 */
import { verifyEquivocation } from '../../src/inbound';
import { signBallot } from '../../src/reference';
import { chainOf, frameBy, keyring, receiver, seal } from '../reference/support';

const ring = keyring(4);

it('the same frame under another proposer is a second ballot, refused with evidence', () => {
  const r = receiver(ring);
  const frame = frameBy(ring, 'v1');
  const misnamed = signBallot({ ...frame, proposer: 'v3' }, 'v2', ring.signer('v2'), chainOf(ring));
  expect(misnamed).toMatchObject({ proposal: frame.id, proposer: 'v3' });
  const first = seal(ring, { kind: 'vote', proposer: 'v3', voter: 'v2', vote: misnamed });
  expect(r.inbound.accept(first)).toMatchObject({ _tag: 'Right', right: { verdict: { status: 'stored' } } });

  const genuine = seal(ring, {
    kind: 'vote',
    proposer: 'v1',
    voter: 'v2',
    vote: signBallot(frame, 'v2', ring.signer('v2'), chainOf(ring)),
  });
  const answer = r.inbound.accept(genuine);
  expect(answer).toMatchObject({
    _tag: 'Left',
    left: { reason: 'equivocation', voter: 'v2', firstId: `${frame.id}@v3`, secondId: `${frame.id}@v1` },
  });
  if (answer._tag !== 'Left' || answer.left.reason !== 'equivocation') throw new Error('unreachable');
  expect(
    verifyEquivocation(answer.left, {
      domain: r.node.domain,
      validators: ring.validators,
      verifier: r.node.verifier,
      check: r.node.checkMessage,
    }),
  ).toMatchObject({ _tag: 'Right', right: { voter: 'v2', rank: 1 } });
});

it('a vote whose envelope names another proposer than its ballot is refused', () => {
  const r = receiver(ring);
  const frame = frameBy(ring, 'v1');
  const vote = signBallot(frame, 'v2', ring.signer('v2'), chainOf(ring));
  expect(r.inbound.accept(seal(ring, { kind: 'vote', proposer: 'v3', voter: 'v2', vote }))).toMatchObject({
    left: {
      reason: 'malformed',
      field: 'body.proposer',
      message: "malformed: body.proposer: v3 is not the ballot's proposer v1",
    },
  });
});
