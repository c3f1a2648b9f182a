/**
 * The nemesis's hands: applies each planned fault and heals it. Cuts and link shapes are counted
 * per link, so two overlapping faults on one link do not mend each other's damage.
 */
import type { LinkProxy, LinkShape } from './proxy';
import type { FaultPlan } from './schedule';

/** What the faults act on, one validator at a time. */
export interface FaultTargets {
  readonly proxy: LinkProxy;
  kill(node: string): void;
  restart(node: string): void;
  signal(node: string, signal: 'SIGSTOP' | 'SIGCONT'): void;
  isolate(node: string, isolated: boolean): void;
  fillDisk(node: string): void;
  freeDisk(node: string): void;
}

export interface FaultHands {
  apply(fault: FaultPlan): void;
  heal(fault: FaultPlan): void;
}

export function faultHands(targets: FaultTargets): FaultHands {
  const cuts = new Map<string, number>();
  const shapes = new Map<string, LinkShape[]>();
  const cut = (a: string, b: string, by: 1 | -1): void => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const n = (cuts.get(key) ?? 0) + by;
    cuts.set(key, n);
    targets.proxy.setCut(a, b, n > 0);
  };
  const partition = (fault: Extract<FaultPlan, { kind: 'partition' }>, by: 1 | -1): void => {
    for (const a of fault.sides[0]) for (const b of fault.sides[1]) cut(a, b, by);
  };
  const shapeOf = (f: Extract<FaultPlan, { kind: 'link' }>): LinkShape => f;
  return {
    apply(fault) {
      switch (fault.kind) {
        case 'partition':
          return partition(fault, 1);
        case 'isolate':
          return targets.isolate(fault.node, true);
        case 'kill':
          return targets.kill(fault.node);
        case 'pause':
          return targets.signal(fault.node, 'SIGSTOP');
        case 'disk-full':
          return targets.fillDisk(fault.node);
        case 'link':
          for (const [from, to] of fault.links) {
            const stack = [...(shapes.get(`${from}>${to}`) ?? []), shapeOf(fault)];
            shapes.set(`${from}>${to}`, stack);
            targets.proxy.setShape(from, to, stack.at(-1));
          }
      }
    },
    heal(fault) {
      switch (fault.kind) {
        case 'partition':
          return partition(fault, -1);
        case 'isolate':
          return targets.isolate(fault.node, false);
        case 'kill':
          return targets.restart(fault.node);
        case 'pause':
          return targets.signal(fault.node, 'SIGCONT');
        case 'disk-full':
          return targets.freeDisk(fault.node);
        case 'link':
          for (const [from, to] of fault.links) {
            const stack = (shapes.get(`${from}>${to}`) ?? []).filter((s) => s !== fault);
            shapes.set(`${from}>${to}`, stack);
            targets.proxy.setShape(from, to, stack.at(-1));
          }
      }
    },
  };
}
