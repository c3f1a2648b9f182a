import { Subject, throwError } from 'rxjs';
import type { StateMachine } from '../../src/engine/state-machine';
import {
  attachTransport,
  createNetwork,
  createOutbound,
  endpointTransport,
  type ConsensusMessage,
} from '../../src/transport';
import { virtualScheduler } from './helpers';

type S = { rank: number };
type V = { rank: number; for: string };
type Machine = Pick<StateMachine<S, V, string, S>, 'receive'>;
type Message = ConsensusMessage<S, V, string, S>;

/** Just the receive side of a machine, recording what reaches each observer. */
function fakeMachine() {
  const calls: [string, unknown][] = [];
  const observer = (name: string) => ({
    next: (value: unknown) => calls.push([name, value]),
    error: () => undefined,
    complete: () => undefined,
  });
  const machine = {
    receive: {
      proposal: observer('proposal'),
      vote: observer('vote'),
      liveness: observer('liveness'),
      confirmation: observer('confirmation'),
    },
  } as Machine;
  return { machine, calls };
}

describe('attachTransport', () => {
  it('dispatches each kind to the matching receive observer', () => {
    const { machine, calls } = fakeMachine();
    const inbound = new Subject<Message>();
    const attachment = attachTransport(machine, inbound);
    inbound.next({ kind: 'proposal', peer: 'a', proposal: { rank: 1 } });
    inbound.next({ kind: 'vote', proposer: 'a', voter: 'b', vote: { rank: 1, for: 'a' } });
    inbound.next({ kind: 'liveness', peer: 'c', collected: { rank: 1 } });
    inbound.next({ kind: 'confirmation', peer: 'd', confirmation: { rank: 1 } });
    expect(calls).toEqual([
      ['proposal', { peer: 'a', proposal: { rank: 1 } }],
      ['vote', { proposer: 'a', voter: 'b', vote: { rank: 1, for: 'a' } }],
      ['liveness', { peer: 'c', collected: { rank: 1 } }],
      ['confirmation', { peer: 'd', confirmation: { rank: 1 } }],
    ]);
    expect(attachment.stats()).toEqual({ dispatched: 4, ignored: 0, failed: 0 });
  });

  it('ignores and counts garbage without throwing', () => {
    const { machine, calls } = fakeMachine();
    // A transport that decodes JSON without validating it: the type says messages, the data is not.
    const inbound = new Subject<unknown>();
    const ignored: string[] = [];
    const attachment = attachTransport(machine, inbound as Subject<Message>, {
      onIgnored: (_, reason) => ignored.push(reason),
    });
    const garbage = [
      null,
      undefined,
      42,
      'vote',
      [],
      {},
      { kind: 'gossip' },
      { kind: 7 },
      { kind: 'vote', vote: {} },
    ];
    expect(() => garbage.forEach((g) => inbound.next(g))).not.toThrow();
    expect(calls).toEqual([]);
    expect(attachment.stats()).toEqual({ dispatched: 0, ignored: garbage.length, failed: 0 });
    expect(ignored).toContain('not an object (null)');
    expect(ignored).toContain('unknown kind "gossip"');
    expect(ignored).toContain('vote without proposer, voter');
  });

  it('reports a throwing receive observer and an erroring stream instead of throwing', () => {
    const errors: unknown[] = [];
    const machine = {
      receive: {
        proposal: {
          next: () => {
            throw new Error('engine bug');
          },
        },
      },
    } as unknown as Machine;
    const inbound = new Subject<Message>();
    const attachment = attachTransport(machine, inbound, { onError: (e) => errors.push(e) });
    expect(() => inbound.next({ kind: 'proposal', peer: 'a', proposal: { rank: 1 } })).not.toThrow();
    expect(attachment.stats()).toEqual({ dispatched: 0, ignored: 0, failed: 1 });
    attachTransport(
      machine,
      throwError(() => new Error('link down')),
      { onError: (e) => errors.push(e) },
    );
    expect(errors.map((e) => (e as Error).message)).toEqual(['engine bug', 'link down']);
  });

  it('accepts only a stream of consensus messages, not an endpoint’s deliveries', () => {
    const { machine } = fakeMachine();
    const endpoint = createNetwork<Message>({ scheduler: virtualScheduler() }).join('a');
    // @ts-expect-error: deliveries wrap the message; attach `endpointTransport(endpoint).inbound$`
    attachTransport(machine, endpoint.inbound$).unsubscribe();
  });

  it('warns about the first message it skips when no onIgnored is given, and counts them all', () => {
    const { machine } = fakeMachine();
    const inbound = new Subject<unknown>();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const attachment = attachTransport(machine, inbound as Subject<Message>);
      inbound.next({ kind: 'gossip' });
      inbound.next(null);
      expect(attachment.stats().ignored).toBe(2);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('unknown kind "gossip"');
    } finally {
      warn.mockRestore();
    }
  });

  it('stops dispatching once unsubscribed', () => {
    const { machine, calls } = fakeMachine();
    const inbound = new Subject<Message>();
    attachTransport(machine, inbound).unsubscribe();
    inbound.next({ kind: 'liveness', peer: 'c', collected: { rank: 1 } });
    expect(calls).toEqual([]);
  });

  it('wires end to end: outbound helpers on one node reach the machine on another', () => {
    const network = createNetwork<Message>({ scheduler: virtualScheduler() });
    const a = endpointTransport(network.join('a'));
    const b = endpointTransport(network.join('b'));
    const { machine, calls } = fakeMachine();
    attachTransport(machine, b.inbound$);
    createOutbound<S, V, string, S>(a.outbound).vote('a', 'a', { rank: 3, for: 'a' });
    expect(calls).toEqual([['vote', { proposer: 'a', voter: 'a', vote: { rank: 3, for: 'a' } }]]);
  });
});
