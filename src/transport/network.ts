/**
 * `createNetwork`: the in-memory message bus between named nodes, with seeded latency, loss,
 * duplication, reordering and partitions, in real or virtual time. Real transports mirror its Endpoint.
 */
import { asyncScheduler } from 'rxjs';
import { resolveClone } from './clone';
import { addStats, zeroStats, type NetworkStats, type NodeStats } from './counters';
import { DelayLine } from './delay-line';
import { FanOut } from './fan-out';
import { LinkTable, type Link } from './link-table';
import type { Delivery, Endpoint, Network, NetworkOptions } from './network-types';
import { Reachability } from './reachability';
import { Relay } from './relay';
import { reportUnhandled } from './report';
import { createRng } from './rng';
import { createSlot, reachable, refreshSlot, type Slot } from './slot';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function createNetwork<M>(options: NetworkOptions<M> = {}): Network<M> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const clone = resolveClone(options.clone ?? 'structured');
  const report =
    options.onError ?? ((error: unknown) => reportUnhandled('an inbound subscriber threw', error));
  const onSubscriberError = (error: unknown, delivery: Delivery<M>): void => {
    try {
      report(error, delivery);
    } catch {
      // The reporter itself failed; there is no one left to tell, and delivery must go on.
    }
  };

  const slots = new Map<string, Slot<M>>();
  const slotList: Slot<M>[] = [];
  let joined: readonly Slot<M>[] = [];
  let closed = false;
  const reach = new Reachability();
  const links = new LinkTable(createRng(options.seed ?? 0), options.link, (id) => slots.get(id)?.index);
  const delayLine = new DelayLine<Mutable<Delivery<M>>>(scheduler, arrive);
  const relay = new Relay<Slot<M>, Delivery<M>>(
    (from, to, delivery) => {
      if (!reachable(from, to)) return;
      from.stats.delivered++;
      to.stats.received++;
      to.hub!.emit(delivery, onSubscriberError);
    },
    (from) => from.stats.unreachable++,
  );

  function arrive(delivery: Mutable<Delivery<M>>, at: number): void {
    delivery.deliveredAt = at;
    relay.deliver(slots.get(delivery.from)!, slots.get(delivery.to)!, delivery);
  }

  function transmit(from: Slot<M>, to: Slot<M>, message: M): void {
    from.stats.sent++;
    if (!reachable(from, to)) return;
    const link = links.between(from, to);
    const { compiled, rng } = link;
    if (compiled.instant) {
      const now = scheduler.now();
      relay.deliver(from, to, {
        from: from.id,
        to: to.id,
        message: copy(message),
        sentAt: now,
        deliveredAt: now,
      });
      return;
    }
    if (compiled.loss > 0 && rng.next() < compiled.loss) {
      from.stats.dropped++;
      return;
    }
    launch(from, to, link, message);
    if (compiled.duplicate > 0 && rng.next() < compiled.duplicate) {
      from.stats.duplicated++;
      launch(from, to, link, message);
    }
  }

  /** One copy on its way: delivered now if its delay is zero, otherwise held by the delay line. */
  function launch(from: Slot<M>, to: Slot<M>, link: Link, message: M): void {
    const { compiled, rng } = link;
    let delay = compiled.baseDelay(rng);
    if (compiled.reorder > 0) delay += rng.next() * compiled.reorder;
    if (!(delay < Infinity)) {
      from.stats.dropped++;
      return;
    }
    const now = scheduler.now();
    const due = delay > 0 ? now + delay : now;
    const delivery = { from: from.id, to: to.id, message: copy(message), sentAt: now, deliveredAt: due };
    if (due === now) relay.deliver(from, to, delivery);
    else delayLine.push(due, delivery);
  }

  function copy(message: M): M {
    return clone === null ? message : clone(message);
  }

  function refreshReach(): void {
    for (const slot of slotList) refreshSlot(slot, reach);
  }

  function endpoint(slot: Slot<M>, hub: FanOut<Delivery<M>>): Endpoint<M> {
    const gone = (): boolean => slot.hub !== hub;
    const unreachable = (copies: number): void => {
      slot.stats.sent += copies;
      slot.stats.unreachable += copies;
    };
    return {
      id: slot.id,
      inbound$: hub.observable,
      send(to, message) {
        const target = slots.get(to);
        if (target === undefined || gone()) unreachable(1);
        else transmit(slot, target, message);
      },
      broadcast(message) {
        const targets = joined;
        if (gone()) unreachable(targets.length);
        else
          relay.batch(() => {
            for (const target of targets) if (target !== slot) transmit(slot, target, message);
          });
      },
      leave() {
        if (gone()) return;
        slot.hub = null;
        joined = joined.filter((s) => s !== slot);
        hub.complete();
      },
    };
  }

  return {
    join(id) {
      if (closed) throw new Error(`network is closed: node "${id}" cannot join`);
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = createSlot<M>(id, slotList.length, reach);
        slots.set(id, slot);
        slotList.push(slot);
      }
      if (slot.hub !== null) throw new Error(`node "${id}" has already joined`);
      const hub = new FanOut<Delivery<M>>();
      slot.hub = hub;
      joined = [...joined, slot];
      return endpoint(slot, hub);
    },
    nodes: () => joined.map((slot) => slot.id),
    setLink: (from, to, link) => links.setLink(from, to, link),
    setDefaultLink: (link) => links.setDefault(link),
    partition(groups) {
      reach.partition(groups);
      refreshReach();
    },
    heal() {
      reach.heal();
      refreshReach();
    },
    isolate(id) {
      reach.isolate(id);
      refreshReach();
    },
    reconnect(id) {
      reach.reconnect(id);
      refreshReach();
    },
    stats(): NetworkStats {
      const total = zeroStats();
      const nodes: Record<string, NodeStats> = {};
      for (const slot of slotList) {
        nodes[slot.id] = { ...slot.stats };
        addStats(total, slot.stats);
      }
      return { total: { ...total, inFlight: delayLine.size + relay.size }, nodes };
    },
    close() {
      if (closed) return;
      closed = true;
      delayLine.clear((delivery) => slots.get(delivery.from)!.stats.unreachable++);
      const leaving = joined;
      joined = [];
      for (const slot of leaving) {
        const hub = slot.hub!;
        slot.hub = null;
        hub.complete();
      }
    },
  };
}
