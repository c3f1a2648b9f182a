/**
 * Equivocation on a reference validator: the guarded inbound path refuses the second, different
 * vote with both signed envelopes, and the machine's own `equivocation$` reports it too, with
 * both votes, so a user watching the machine sees what the network path saw.
 */
import type { Rejection } from '../../src/engine/rejection';
import type { Ballot, PeerId } from '../../src/reference';
import { ballotFor, frameBy, keyring, seal, startedValidator } from '../reference/support';
import { encodeEnvelope } from '../../src/wire';

const ring = keyring(4);

const validator = () => startedValidator(ring).v;

describe('equivocation on a reference validator', () => {
  it("reaches the machine's equivocation$ with both votes, and the inbound refusal with both envelopes", () => {
    const v = validator();
    const seen: Rejection<Ballot, PeerId>[] = [];
    v.machine.equivocation$.subscribe((r) => seen.push(r));
    const a = frameBy(ring, 'v1');
    const b = frameBy(ring, 'v1', undefined, ['other']);
    const first = seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', a) });
    const second = seal(ring, { kind: 'vote', proposer: 'v1', voter: 'v2', vote: ballotFor(ring, 'v2', b) });

    const before = v.machine.getSnapshot().rounds;
    expect(v.inbound.accept(encodeEnvelope(first))._tag).toBe('Right');
    const stored = v.machine.getSnapshot().rounds;
    expect(stored).not.toBe(before);
    expect(v.inbound.accept(encodeEnvelope(second))).toMatchObject({
      _tag: 'Left',
      left: { reason: 'equivocation', voter: 'v2', rank: 1, first, second },
    });

    expect(seen).toHaveLength(1);
    expect(seen[0]!.details).toMatchObject({
      reason: 'equivocation',
      rank: 1,
      voterId: 'v2',
      first: { voter: 'v2', proposer: 'v1', vote: { proposal: a.id } },
      second: { voter: 'v2', proposer: 'v1', vote: { proposal: b.id } },
    });
    // Refused by the machine as well: what it stored is unchanged.
    expect(v.machine.getSnapshot().rounds).toBe(stored);
    v.close();
  });

  it('the same vote again is a duplicate, not an equivocation', () => {
    const v = validator();
    const seen: unknown[] = [];
    v.machine.equivocation$.subscribe((r) => seen.push(r));
    const vote = seal(ring, {
      kind: 'vote',
      proposer: 'v1',
      voter: 'v2',
      vote: ballotFor(ring, 'v2', frameBy(ring, 'v1')),
    });
    v.inbound.accept(encodeEnvelope(vote));
    expect(v.inbound.accept(encodeEnvelope(vote))).toMatchObject({
      _tag: 'Right',
      right: { verdict: { status: 'duplicate' } },
    });
    expect(seen).toEqual([]);
    v.close();
  });
});
