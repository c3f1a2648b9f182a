import fc from 'fast-check';
import type { NetworkStats, NodeStats } from '../../src/transport';
import { loggedNetwork, node } from './helpers';

/** sent + duplicated = delivered + dropped + partitioned + unreachable (+ in flight, in total). */
function expectBalanced(stats: NetworkStats): void {
  const balance = (s: NodeStats) =>
    s.sent + s.duplicated - s.delivered - s.dropped - s.partitioned - s.unreachable;
  expect(balance(stats.total)).toBe(stats.total.inFlight);
  const received = Object.values(stats.nodes).reduce((sum, s) => sum + s.received, 0);
  expect(received).toBe(stats.total.delivered);
}

describe('network faults', () => {
  it('drops everything at loss 1 and counts it', () => {
    const net = loggedNetwork<number>(['a', 'b'], { link: { loss: 1, latency: 5 } });
    for (let i = 0; i < 100; i++) node(net, 'a').send('b', i);
    net.scheduler.flush();
    expect(net.log).toHaveLength(0);
    expect(net.network.stats().nodes['a']).toMatchObject({ sent: 100, dropped: 100, delivered: 0 });
    expectBalanced(net.network.stats());
  });

  it('drops roughly 30% at loss 0.3 over 10,000 messages', () => {
    const net = loggedNetwork<number>(['a', 'b'], { seed: 8, link: { loss: 0.3 } });
    for (let i = 0; i < 10_000; i++) node(net, 'a').send('b', i);
    const { total } = net.network.stats();
    expect(total.dropped).toBeGreaterThan(2800);
    expect(total.dropped).toBeLessThan(3200);
    expect(net.log).toHaveLength(10_000 - total.dropped);
    expectBalanced(net.network.stats());
  });

  it('duplicates about the configured share, as separate copies', () => {
    const net = loggedNetwork<{ n: number }>(['a', 'b'], { seed: 2, link: { duplicate: 0.2, latency: 3 } });
    for (let i = 0; i < 5000; i++) node(net, 'a').send('b', { n: i });
    net.scheduler.flush();
    const { total } = net.network.stats();
    expect(total.duplicated).toBeGreaterThan(900);
    expect(total.duplicated).toBeLessThan(1100);
    expect(net.log).toHaveLength(5000 + total.duplicated);
    const byN = new Map<number, { n: number }[]>();
    for (const d of net.log) byN.set(d.message.n, [...(byN.get(d.message.n) ?? []), d.message]);
    const twice = [...byN.values()].find((copies) => copies.length === 2)!;
    expect(twice[0]).toEqual(twice[1]);
    expect(twice[0]).not.toBe(twice[1]);
    expectBalanced(net.network.stats());
  });

  it('drops messages across partition groups, counts them, and heals', () => {
    const net = loggedNetwork<string>(['a', 'b', 'c', 'd']);
    net.network.partition([['a', 'b'], ['c']]); // d is unlisted: it sits with the other unlisted nodes (none)
    node(net, 'a').broadcast('split');
    node(net, 'c').send('d', 'c-d');
    expect(net.log.map((d) => `${d.from}>${d.to}`)).toEqual(['a>b']);
    expect(net.network.stats().nodes['a']).toMatchObject({ sent: 3, delivered: 1, partitioned: 2 });
    expect(net.network.stats().nodes['c']).toMatchObject({ partitioned: 1 });
    net.network.heal();
    node(net, 'a').broadcast('whole');
    expect(net.log.filter((d) => d.message === 'whole').map((d) => d.to)).toEqual(['b', 'c', 'd']);
    expectBalanced(net.network.stats());
  });

  it('stops messages already in flight when a partition starts before they arrive', () => {
    const net = loggedNetwork<string>(['a', 'b'], { link: { latency: 10 } });
    node(net, 'a').send('b', 'in flight');
    net.scheduler.schedule(() => net.network.partition([['a'], ['b']]), 5);
    net.scheduler.flush();
    expect(net.log).toHaveLength(0);
    expect(net.network.stats().total.partitioned).toBe(1);
  });

  it('isolates and reconnects one node, on top of a partition', () => {
    const net = loggedNetwork<string>(['a', 'b', 'c']);
    net.network.isolate('b');
    node(net, 'a').broadcast('1');
    node(net, 'b').broadcast('2');
    expect(net.log.map((d) => `${d.from}>${d.to}`)).toEqual(['a>c']);
    net.network.reconnect('b');
    node(net, 'b').send('a', '3');
    expect(net.log.map((d) => `${d.from}>${d.to}`)).toEqual(['a>c', 'b>a']);
    expect(net.network.stats().total.partitioned).toBe(3);
  });

  it('refuses a node listed in two groups', () => {
    const net = loggedNetwork<string>(['a']);
    expect(() => net.network.partition([['a'], ['a']])).toThrow(RangeError);
  });

  it('drops and counts messages for nodes that are not joined', () => {
    const net = loggedNetwork<string>(['a', 'b'], { link: { latency: 10 } });
    node(net, 'a').send('nobody', 'x');
    node(net, 'a').send('b', 'y');
    node(net, 'b').leave();
    net.scheduler.flush();
    expect(net.log).toHaveLength(0);
    expect(net.network.stats().nodes['a']).toMatchObject({ sent: 2, unreachable: 2 });
    expect(net.network.nodes()).toEqual(['a']);
    node(net, 'b').send('a', 'from the departed');
    expect(net.network.stats().nodes['b']).toMatchObject({ sent: 1, unreachable: 1 });
    expectBalanced(net.network.stats());
  });

  it('keeps the counters balanced under any mix of faults and sends', () => {
    const op = fc.oneof(
      fc.record({ send: fc.constantFrom('a', 'b', 'c', 'x'), from: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ advance: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ split: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.array(op, { maxLength: 80 }), (seed, ops) => {
        const net = loggedNetwork<number>(['a', 'b', 'c'], {
          seed,
          link: { latency: { min: 0, max: 20 }, loss: 0.2, duplicate: 0.2, reorder: 5 },
        });
        let t = 0;
        for (const o of ops) {
          if ('send' in o) node(net, o.from).send(o.send, t);
          else if ('advance' in o) {
            t += o.advance;
            net.scheduler.schedule(() => undefined, t - net.scheduler.now());
            net.scheduler.flush();
          } else if (o.split) net.network.partition([['a'], ['b', 'c']]);
          else net.network.heal();
          expectBalanced(net.network.stats());
        }
        net.scheduler.flush();
        expect(net.network.stats().total.inFlight).toBe(0);
        expectBalanced(net.network.stats());
      }),
      { numRuns: 100 },
    );
  });
});
