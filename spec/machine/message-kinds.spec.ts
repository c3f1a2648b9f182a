import { isRight } from 'fp-ts/Either';
import {
  CONSENSUS_KINDS,
  MESSAGE_KINDS,
  bodyFieldsOf,
  fieldValuesOf,
  isConsensusKind,
  itemOf,
  messageFrom,
  messageOf,
  senderOf,
} from '../../src/machine/message-kinds';
import { MessageKind } from '../../src/wire/envelope';
import { createOutbound } from '../../src/transport/messages';

describe('the table of message kinds', () => {
  it('lists the four consensus messages once, and the wire takes each of them', () => {
    expect(CONSENSUS_KINDS).toEqual(['proposal', 'vote', 'liveness', 'confirmation']);
    for (const kind of CONSENSUS_KINDS) expect(isRight(MessageKind.decode(kind))).toBe(true);
    expect(isConsensusKind('timeout')).toBe(false);
    expect(isConsensusKind('toString')).toBe(false);
  });

  it('builds and takes apart a message by its fields in table order', () => {
    const vote = messageOf('vote', ['p', 'v', 'ballot']);
    // Strictly: no other key, not even one holding undefined.
    expect(vote).toStrictEqual({ kind: 'vote', proposer: 'p', voter: 'v', vote: 'ballot' });
    expect(Object.keys(messageOf('proposal', ['p', 's', 'extra']))).toEqual(['kind', 'peer', 'proposal']);
    expect(fieldValuesOf(vote)).toEqual(['p', 'v', 'ballot']);
    expect(senderOf(vote)).toBe('v');
    expect(messageFrom('vote', 'v', ['p', 'ballot'])).toEqual(vote);
    expect(bodyFieldsOf('vote')).toEqual(['proposer', 'vote']);
    expect(bodyFieldsOf('proposal')).toEqual(['proposal']);
  });

  it('finds the item a message delivers and the domain part that reads it', () => {
    expect(itemOf(messageOf('vote', ['p', 'v', 'ballot']))).toEqual({ value: 'ballot', part: 'vote' });
    expect(itemOf(messageOf('proposal', ['p', 's']))).toEqual({ value: 's', part: 'state' });
    expect(itemOf(messageOf('liveness', ['p', 'c']))).toEqual({ value: 'c', part: 'collected' });
    expect(itemOf(messageOf('confirmation', ['p', 'f']))).toEqual({ value: 'f', part: 'state' });
  });

  it('gives the outbound helpers their arguments', () => {
    const sent: unknown[] = [];
    const out = createOutbound((m) => sent.push(m));
    out.confirmation('a', 's');
    out.liveness('a', 'c');
    expect(sent).toEqual([
      { kind: 'confirmation', peer: 'a', confirmation: 's' },
      { kind: 'liveness', peer: 'a', collected: 'c' },
    ]);
  });

  it('names for each kind a sender and an item among its fields', () => {
    for (const kind of CONSENSUS_KINDS) {
      const spec = MESSAGE_KINDS[kind];
      expect(spec.fields).toContain(spec.sender);
      expect(spec.fields).toContain(spec.item);
      expect(Object.keys(spec.parts).sort()).toEqual([...spec.fields].sort());
    }
  });
});
