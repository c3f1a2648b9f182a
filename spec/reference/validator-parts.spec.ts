/**
 * The validator's parts on their own: the ledger of what peers signed (each item once, the
 * ballots inside certificates, bounded by pruning), and the outbound side (a throwing transport is
 * contained and reported; the last proposal and vote are kept sealed for byte-for-byte re-sends).
 */
import { createReceivedLedger, type ReceivedSigned } from '../../src/reference';
import { createOutbound } from '../../src/reference/validator/outbound';
import type { ValidatorEvent } from '../../src/reference';
import { certify, chainOf, frameBy, keyring, seal } from './support';

const ring = keyring(4);

describe('the received ledger', () => {
  it('publishes each signed item once per signer, kind, rank and item, with the ballots of a QC', () => {
    const ledger = createReceivedLedger();
    const seen: ReceivedSigned[] = [];
    ledger.received$.subscribe((e) => seen.push(e));
    ledger.record('v1', 'vote', 3, 'a@v0');
    ledger.record('v1', 'vote', 3, 'a@v0');
    ledger.record('v1', 'vote', 3, 'b@v0'); // a second item at the key: both are published
    ledger.record('v1', 'timeout', 3, '2');
    const qc = certify(ring, frameBy(ring, 'v1'));
    ledger.recordCertificate(qc);
    ledger.recordCertificate(qc);
    expect(seen.slice(0, 3)).toEqual([
      { signer: 'v1', kind: 'vote', rank: 3, item: 'a@v0' },
      { signer: 'v1', kind: 'vote', rank: 3, item: 'b@v0' },
      { signer: 'v1', kind: 'timeout', rank: 3, item: '2' },
    ]);
    expect(seen.slice(3).map((e) => e.signer)).toEqual(qc.votes.map((b) => b.voter));
  });

  it('forgets ranks below the pruning floor and takes nothing below it', () => {
    const ledger = createReceivedLedger();
    const seen: ReceivedSigned[] = [];
    ledger.received$.subscribe((e) => seen.push(e));
    ledger.record('v1', 'proposal', 2, 'x');
    ledger.pruneBelow(5);
    ledger.record('v1', 'proposal', 2, 'y');
    ledger.record('v1', 'proposal', 5, 'z');
    expect(seen.map((e) => e.item)).toEqual(['x', 'z']);
  });
});

describe('the outbound side', () => {
  it('reports a throwing transport instead of passing the throw on, and keeps the sealed vote', () => {
    const events: ValidatorEvent[] = [];
    const failures: string[] = [];
    const outbound = createOutbound({
      self: 'v0',
      signer: ring.signer('v0'),
      chain: chainOf(ring),
      transport: {
        inbound$: { subscribe: () => ({ unsubscribe: () => undefined }) } as never,
        broadcast: () => {
          throw new Error('socket closed');
        },
      },
      report: (e) => events.push(e),
      failed: (message) => failures.push(message),
    });
    const envelope = seal(ring, { kind: 'proposal', peer: 'v0', proposal: frameBy(ring, 'v0') });
    expect(() => outbound.transmit(envelope)).not.toThrow();
    expect(failures).toEqual(['transport: sending a proposal at rank 1 failed']);
    expect(events.map((e) => e.kind)).toEqual(['sent']);
    expect(outbound.lastSealed('proposal')).toMatchObject({ rank: 1, envelope });
    expect(outbound.lastSealed('vote')).toBeUndefined();
  });
});
