import { config, Subscriber } from 'rxjs';
import { createNetwork, type Delivery } from '../../src/transport';
import { loggedNetwork, node, virtualScheduler } from './helpers';

interface Box {
  value: number;
  nested: { list: number[] };
}

describe('network delivery', () => {
  it('structurally clones messages by default: the receiver cannot touch the sender', () => {
    const net = loggedNetwork<Box>(['a', 'b', 'c'], { link: { latency: 5 } });
    const sent: Box = { value: 1, nested: { list: [1, 2] } };
    node(net, 'a').broadcast(sent);
    sent.nested.list.push(99); // mutating after send does not change what is in flight
    net.scheduler.flush();
    const [toB, toC] = net.log.map((d) => d.message);
    expect(toB).toEqual({ value: 1, nested: { list: [1, 2] } });
    toB!.nested.list.push(3);
    toB!.value = 42;
    expect(sent).toEqual({ value: 1, nested: { list: [1, 2, 99] } });
    expect(toC).toEqual({ value: 1, nested: { list: [1, 2] } });
  });

  it('supports json, none and custom clones', () => {
    const message: Box = { value: 1, nested: { list: [1] } };
    const receivedWith = (clone: 'json' | 'none' | ((m: Box) => Box)) => {
      const net = loggedNetwork<Box>(['a', 'b'], { clone });
      node(net, 'a').send('b', message);
      return net.log[0]!.message;
    };
    expect(receivedWith('json')).toEqual(message);
    expect(receivedWith('json')).not.toBe(message);
    expect(receivedWith('none')).toBe(message);
    expect(receivedWith((m) => ({ ...m, value: m.value + 1 })).value).toBe(2);
  });

  it('keeps delivering to other subscribers when one throws (RxJS reports it)', () => {
    const reported: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    jest.useFakeTimers(); // RxJS reports subscriber errors on a timer
    try {
      const net = loggedNetwork<number>(['a', 'b']);
      const seen: number[] = [];
      node(net, 'b').inbound$.subscribe(() => {
        throw new Error('boom');
      });
      node(net, 'b').inbound$.subscribe((d) => seen.push(d.message));
      node(net, 'a').send('b', 1);
      node(net, 'a').send('b', 2);
      jest.runAllTimers();
      expect(seen).toEqual([1, 2]);
      expect(net.log).toHaveLength(2);
      expect(reported).toHaveLength(2);
    } finally {
      jest.useRealTimers();
      config.onUnhandledError = previous;
    }
  });

  it('catches a synchronous throw from a subscriber and reports it to onError', () => {
    const errors: [unknown, Delivery<number>][] = [];
    const scheduler = virtualScheduler();
    const network = createNetwork<number>({ scheduler, onError: (e, d) => errors.push([e, d]) });
    const a = network.join('a');
    const b = network.join('b');
    const seen: number[] = [];
    // A hand-written Subscriber is called directly, without RxJS's safety wrapper.
    class Throwing extends Subscriber<Delivery<number>> {
      protected override _next(): void {
        throw new Error('sync boom');
      }
    }
    b.inbound$.subscribe(new Throwing());
    b.inbound$.subscribe((d) => seen.push(d.message));
    expect(() => a.send('b', 7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
    expect(errors[0]![1].message).toBe(7);
  });

  it('delivers a broadcast to everyone before the reactions to it (breadth-first, no recursion)', () => {
    const net = loggedNetwork<string>(['a', 'b', 'c']);
    node(net, 'b').inbound$.subscribe((d) => {
      if (d.message === 'ping') node(net, 'b').broadcast('pong from b');
    });
    node(net, 'a').broadcast('ping');
    expect(net.log.map((d) => `${d.from}>${d.to}:${d.message}`)).toEqual([
      'a>b:ping',
      'a>c:ping',
      'b>a:pong from b',
      'b>c:pong from b',
    ]);
  });

  it('survives a long zero-latency ping-pong without growing the stack', () => {
    const scheduler = virtualScheduler();
    const network = createNetwork<number>({ scheduler, clone: 'none' });
    const a = network.join('a');
    const b = network.join('b');
    a.inbound$.subscribe((d) => d.message < 100_000 && a.send('b', d.message + 1));
    b.inbound$.subscribe((d) => b.send('a', d.message + 1));
    a.send('b', 0);
    expect(network.stats().total.delivered).toBe(100_002);
  });

  it('lets a node leave and rejoin; the old endpoint stays dead', () => {
    const net = loggedNetwork<string>(['a', 'b']);
    const oldB = node(net, 'b');
    let completed = false;
    oldB.inbound$.subscribe({ complete: () => (completed = true) });
    oldB.leave();
    expect(completed).toBe(true);
    expect(() => net.network.join('a')).toThrow(/already joined/);
    const newB = net.network.join('b');
    const seen: string[] = [];
    newB.inbound$.subscribe((d) => seen.push(d.message));
    oldB.leave(); // a stale endpoint cannot remove its successor
    node(net, 'a').send('b', 'hello again');
    expect(seen).toEqual(['hello again']);
    oldB.send('a', 'ghost');
    expect(net.log).toHaveLength(0); // the log listened on the old b, and a never hears the ghost
  });

  it('close drops what is in flight, completes every inbound stream and refuses joins', () => {
    const net = loggedNetwork<string>(['a', 'b'], { link: { latency: 10 } });
    let completions = 0;
    for (const id of ['a', 'b']) node(net, id).inbound$.subscribe({ complete: () => completions++ });
    node(net, 'a').send('b', 'never');
    net.network.close();
    expect(net.scheduler.actions).toHaveLength(0);
    net.scheduler.flush();
    expect(net.log).toHaveLength(0);
    expect(completions).toBe(2);
    expect(net.network.stats().total).toMatchObject({ sent: 1, unreachable: 1, inFlight: 0 });
    expect(() => net.network.join('c')).toThrow(/closed/);
  });
});
