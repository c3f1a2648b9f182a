/**
 * Refusals scored per peer, for a transport adapter to drop peers that keep sending them: per
 * validator only once its envelope signature verified (a forged sender costs the named
 * validator nothing), per transport link for anything, and bounded either way.
 */
import { signEnvelope } from '../../src/wire';
import { createGuardedInbound } from '../../src/inbound';
import { chainOf, frameBy, keyring, receiver, seal } from '../reference/support';
import { forgedEnvelopeText } from './support';

const ring = keyring(4);

it('a validator is charged for what it signed, never for what others forged in its name', () => {
  const r = receiver(ring);
  // v2 signs an envelope whose body is not a confirmation: authenticated, then refused.
  const badBody = signEnvelope(
    { chain: chainOf(ring), kind: 'confirmation', sender: 'v2', rank: 1, body: { junk: 1 } },
    ring.signer('v2'),
  );
  expect(r.inbound.accept(badBody)).toMatchObject({ _tag: 'Left', left: { reason: 'malformed' } });
  // A proposal is signed by its frame: one without a frame proves nothing about its sender.
  const noFrame = signEnvelope(
    { chain: chainOf(ring), kind: 'proposal', sender: 'v3', rank: 1, body: { junk: 1 } },
    ring.signer('v3'),
  );
  expect(r.inbound.accept(noFrame)).toMatchObject({ _tag: 'Left', left: { reason: 'malformed' } });
  // v1's frame with its content changed on the way: its signed id no longer matches, and nobody
  // signed this content, so v1 is not charged for it.
  const altered = seal(ring, {
    kind: 'proposal',
    peer: 'v1',
    proposal: { ...frameBy(ring, 'v1'), mutations: ['x'] },
  });
  expect(r.inbound.accept(altered)).toMatchObject({
    _tag: 'Left',
    left: { reason: 'malformed', field: 'body.proposal.id' },
  });
  // Someone else claims to be v3: refused before any key of v3's signed anything.
  expect(r.inbound.accept(forgedEnvelopeText('v3', 1, 400, 'x'.repeat(400), chainOf(ring)))).toMatchObject({
    left: { reason: 'bad_signature' },
  });
  expect(r.inbound.accept(forgedEnvelopeText('v3', 99, 400, 'x'.repeat(400), chainOf(ring)))).toMatchObject({
    left: { reason: 'too_far_ahead' },
  });
  // v1 proposes twice at rank 1: the second is a conflict it signed.
  r.inbound.accept(seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') }));
  const other = frameBy(ring, 'v1', undefined, ['other']);
  expect(r.inbound.accept(seal(ring, { kind: 'proposal', peer: 'v1', proposal: other }))).toMatchObject({
    left: { reason: 'conflict' },
  });
  expect(r.inbound.refusalsBySender()).toEqual(
    new Map([
      ['v2', 1],
      ['v1', 1],
    ]),
  );
  expect([r.inbound.score('v1'), r.inbound.score('v2'), r.inbound.score('v3')]).toEqual([1, 1, 0]);
});

it('every refusal is charged to the transport link it came in on, and few links are kept', () => {
  const r = receiver(ring);
  const inbound = createGuardedInbound({
    machine: r.machine,
    domain: r.node.domain,
    chain: chainOf(ring),
    validators: ring.validators,
    verifier: r.node.verifier,
    check: r.node.checkMessage,
    maxScoredLinks: 3,
  });
  for (let i = 0; i < 10; i++) inbound.accept('not json', `link-${i}`);
  inbound.accept('[]', 'link-9');
  inbound.accept(seal(ring, { kind: 'proposal', peer: 'v1', proposal: frameBy(ring, 'v1') }), 'link-9');
  expect(inbound.refusalsByLink()).toEqual(
    new Map([
      ['link-7', 1],
      ['link-8', 1],
      ['link-9', 2],
    ]),
  );
  expect(inbound.refusalsBySender().size).toBe(0);
});
