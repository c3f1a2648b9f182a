import { TestScheduler } from 'rxjs/testing';
import { createNetwork, type Delivery } from '../../src/transport';
import { loggedNetwork, node, virtualScheduler } from './helpers';

const summary = (log: readonly Delivery<unknown>[]) =>
  log.map((d) => `${d.from}>${d.to}:${JSON.stringify(d.message)}@${d.sentAt}-${d.deliveredAt}`);

/** A busy randomized run: every node broadcasts and replies on a lossy, jittery, duplicating network. */
function randomRun(seed: number): string[] {
  const ids = ['a', 'b', 'c', 'd'];
  const net = loggedNetwork<number>(ids, {
    seed,
    link: { latency: { min: 5, max: 50 }, loss: 0.1, duplicate: 0.1, reorder: 20 },
  });
  for (let round = 0; round < 50; round++) {
    for (const id of ids) node(net, id).broadcast(round);
    net.scheduler.schedule(() => undefined, 7);
    net.scheduler.flush();
  }
  return summary(net.log);
}

describe('network timing', () => {
  it('delivers synchronously inside send when the total delay is zero', () => {
    const net = loggedNetwork<string>(['a', 'b']);
    node(net, 'a').send('b', 'hi');
    expect(summary(net.log)).toEqual(['a>b:"hi"@0-0']);
    expect(net.scheduler.actions).toHaveLength(0);
  });

  it('delivers at exactly the configured virtual latency', () => {
    const net = loggedNetwork<string>(['a', 'b'], { link: { latency: 25 } });
    net.scheduler.schedule(() => node(net, 'a').send('b', 'x'), 10);
    net.scheduler.schedule(() => expect(net.log).toHaveLength(0), 34);
    net.scheduler.flush();
    expect(summary(net.log)).toEqual(['a>b:"x"@10-35']);
  });

  it('keeps per-link latency overrides per direction', () => {
    const net = loggedNetwork<string>(['a', 'b'], { link: { latency: 10 } });
    net.network.setLink('a', 'b', { latency: 100 });
    node(net, 'a').send('b', 'slow');
    node(net, 'b').send('a', 'fast');
    net.scheduler.flush();
    expect(summary(net.log)).toEqual(['b>a:"fast"@0-10', 'a>b:"slow"@0-100']);
  });

  it('keeps a per-link override on top of later default changes', () => {
    const net = loggedNetwork<string>(['a', 'b', 'c'], { link: { latency: 10 } });
    net.network.setLink('a', 'b', { latency: 100 });
    net.network.setDefaultLink({ loss: 1 });
    node(net, 'a').broadcast('lost');
    net.network.setDefaultLink({ loss: 0, latency: 1 });
    node(net, 'a').broadcast('kept');
    net.scheduler.flush();
    expect(summary(net.log)).toEqual(['a>c:"kept"@0-1', 'a>b:"kept"@0-100']);
    expect(net.network.stats().total.dropped).toBe(2);
  });

  it('works under TestScheduler.run with the default scheduler', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable, cold }) => {
      const network = createNetwork<string>({ link: { latency: 3 } });
      const a = network.join('a');
      const b = network.join('b');
      cold('-x-y|').subscribe((m) => a.send('b', m));
      expectObservable(b.inbound$, '^ 10ms !').toBe('----x-y', {
        x: { from: 'a', to: 'b', message: 'x', sentAt: 1, deliveredAt: 4 },
        y: { from: 'a', to: 'b', message: 'y', sentAt: 3, deliveredAt: 6 },
      });
    });
  });

  it('gives an identical delivery log for the same seed, and another for another seed', () => {
    const first = randomRun(11);
    expect(first.length).toBeGreaterThan(300);
    expect(randomRun(11)).toEqual(first);
    expect(randomRun(12)).not.toEqual(first);
  });

  it('keeps at most one action on the scheduler however many messages are in flight', () => {
    const scheduler = virtualScheduler();
    const network = createNetwork<number>({ scheduler, seed: 1, link: { latency: { min: 1, max: 500 } } });
    const a = network.join('a');
    const b = network.join('b');
    let received = 0;
    b.inbound$.subscribe(() => received++);
    for (let i = 0; i < 1000; i++) {
      a.send('b', i);
      expect(scheduler.actions.length).toBeLessThanOrEqual(1);
    }
    expect(network.stats().total.inFlight).toBe(1000);
    let maxPending = 0;
    const probe = (): void => {
      maxPending = Math.max(maxPending, scheduler.actions.length);
    };
    b.inbound$.subscribe(probe);
    scheduler.flush();
    expect(received).toBe(1000);
    expect(maxPending).toBeLessThanOrEqual(1);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('re-arms for an earlier message sent after a later one', () => {
    const net = loggedNetwork<string>(['a', 'b', 'c'], { link: { latency: 100 } });
    net.network.setLink('a', 'c', { latency: 10 });
    node(net, 'a').send('b', 'late');
    node(net, 'a').send('c', 'early');
    expect(net.scheduler.actions).toHaveLength(1);
    net.scheduler.flush();
    expect(summary(net.log)).toEqual(['a>c:"early"@0-10', 'a>b:"late"@0-100']);
  });

  it('keeps per-link FIFO with fixed latency and no jitter', () => {
    const net = loggedNetwork<number>(['a', 'b'], { seed: 3, link: { latency: 40 } });
    for (let i = 0; i < 500; i++)
      net.scheduler.schedule(() => node(net, 'a').send('b', i), Math.floor(i / 3));
    net.scheduler.flush();
    expect(net.log.map((d) => d.message)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('reorders messages on one link when jitter is on', () => {
    const net = loggedNetwork<number>(['a', 'b'], { seed: 3, link: { latency: 40, reorder: 30 } });
    for (let i = 0; i < 500; i++) node(net, 'a').send('b', i);
    net.scheduler.flush();
    const order = net.log.map((d) => d.message);
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(net.log.every((d) => d.deliveredAt >= 40 && d.deliveredAt < 70)).toBe(true);
  });

  it('draws latency from a function given the link rng, and drops on a non-finite answer', () => {
    const net = loggedNetwork<number>(['a', 'b'], {
      link: { latency: (rng) => (rng.chance(0.5) ? 7 : NaN) },
    });
    for (let i = 0; i < 200; i++) node(net, 'a').send('b', i);
    net.scheduler.flush();
    const { total } = net.network.stats();
    expect(net.log.every((d) => d.deliveredAt === 7)).toBe(true);
    expect(total.delivered + total.dropped).toBe(200);
    expect(total.dropped).toBeGreaterThan(50);
  });

  it('rejects invalid link options', () => {
    const scheduler = virtualScheduler();
    expect(() => createNetwork({ scheduler, link: { loss: 1.5 } })).toThrow(RangeError);
    expect(() => createNetwork({ scheduler, link: { latency: -1 } })).toThrow(RangeError);
    expect(() => createNetwork({ scheduler, link: { latency: { min: 5, max: 1 } } })).toThrow(RangeError);
    const network = createNetwork({ scheduler });
    expect(() => network.setLink('a', 'b', { duplicate: NaN })).toThrow(RangeError);
  });
});
