import { openEnvelope, sealMessage, signEnvelope } from '../../src/wire';
import { referenceDomain } from '../../src/reference';
import { makeCollected as makeCollectedFor } from '../../src/reference';
import { ballotFor, frameBy, keyring, type Message } from '../reference/support';

const ring = keyring(4);
const frame = frameBy(ring, 'v1');
const messages: Message[] = [
  { kind: 'proposal', peer: 'v1', proposal: frame },
  { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', frame) },
  { kind: 'liveness', peer: 'v3', collected: makeCollectedFor(1, ['m']) },
  { kind: 'confirmation', peer: 'v0', confirmation: frame },
];
const senderOf = (m: Message) => (m.kind === 'vote' ? m.voter : m.peer);

describe('messages in envelopes', () => {
  it.each(messages)('a $kind seals and opens back to the same message', (message) => {
    const envelope = sealMessage(referenceDomain, ring.signer(senderOf(message)), message);
    expect(envelope).toMatchObject({ kind: message.kind, sender: senderOf(message), rank: 1 });
    expect(openEnvelope(referenceDomain, envelope, senderOf(message))).toEqual({
      _tag: 'Right',
      right: message,
    });
  });

  it('the voter of a vote is the envelope sender, not a body field', () => {
    const envelope = sealMessage(referenceDomain, ring.signer('v2'), messages[1]!);
    expect(Object.keys(envelope.body).sort()).toEqual(['proposer', 'vote']);
  });

  it('body errors are named from the envelope', () => {
    const bad = signEnvelope(
      {
        chain: '',
        kind: 'vote',
        sender: 'v2',
        rank: 1,
        body: { proposer: 'v1', vote: { ...ballotFor(ring, 'v2', frame), rank: 'x' } },
      },
      ring.signer('v2'),
    );
    expect(openEnvelope(referenceDomain, bad, 'v2')).toMatchObject({
      left: { message: 'body.vote.rank: expected non-negative integer, got string "x"' },
    });
  });

  it('the envelope rank must be the rank of the item inside', () => {
    const envelope = sealMessage(referenceDomain, ring.signer('v1'), messages[0]!);
    const moved = signEnvelope({ ...envelope, rank: 2 }, ring.signer('v1'));
    expect(openEnvelope(referenceDomain, moved, 'v1')).toMatchObject({
      left: { field: 'rank', problem: 'the envelope says rank 2 but its proposal is at rank 1' },
    });
  });
});
