import { Subject } from 'rxjs';
import {
  BROADCAST,
  createNetwork,
  createOutbound,
  endpointTransport,
  type ConsensusMessage,
  type Outbound,
} from '../../src/transport';
import { virtualScheduler } from './helpers';

type Msg = ConsensusMessage<{ rank: number }, { rank: number; for: string }, string, { rank: number }>;

describe('endpointTransport', () => {
  it('is an Observable of payloads in and an Observer of addressed messages out', () => {
    const network = createNetwork<string>({ scheduler: virtualScheduler() });
    const [a, b, c] = ['a', 'b', 'c'].map((id) => endpointTransport(network.join(id)));
    const seenB: string[] = [];
    const seenC: string[] = [];
    b!.inbound$.subscribe((m) => seenB.push(m));
    c!.inbound$.subscribe((m) => seenC.push(m));
    a!.outbound.next({ to: 'b', message: 'direct' });
    a!.outbound.next({ to: BROADCAST, message: 'all' });
    a!.outbound.complete(); // does not leave: others may still feed this outbound
    a!.outbound.next({ to: 'c', message: 'still here' });
    expect(seenB).toEqual(['direct', 'all']);
    expect(seenC).toEqual(['all', 'still here']);
  });
});

describe('createOutbound', () => {
  it('builds each kind and hands it to a send function', () => {
    const sent: Msg[] = [];
    const out = createOutbound<{ rank: number }, { rank: number; for: string }, string, { rank: number }>(
      (m) => sent.push(m),
    );
    expect(out.proposal('p1', { rank: 1 })).toEqual({ kind: 'proposal', peer: 'p1', proposal: { rank: 1 } });
    out.vote('p1', 'v1', { rank: 1, for: 'p1' });
    out.liveness('p2', { rank: 2 });
    out.confirmation('p3', { rank: 1 });
    expect(sent).toEqual([
      { kind: 'proposal', peer: 'p1', proposal: { rank: 1 } },
      { kind: 'vote', proposer: 'p1', voter: 'v1', vote: { rank: 1, for: 'p1' } },
      { kind: 'liveness', peer: 'p2', collected: { rank: 2 } },
      { kind: 'confirmation', peer: 'p3', confirmation: { rank: 1 } },
    ]);
  });

  it('broadcasts through a transport outbound Observer', () => {
    const outbound = new Subject<Outbound<Msg>>();
    const seen: Outbound<Msg>[] = [];
    outbound.subscribe((o) => seen.push(o));
    createOutbound<{ rank: number }, { rank: number; for: string }, string, { rank: number }>(
      outbound,
    ).liveness('me', { rank: 4 });
    expect(seen).toEqual([
      { to: BROADCAST, message: { kind: 'liveness', peer: 'me', collected: { rank: 4 } } },
    ]);
  });
});
