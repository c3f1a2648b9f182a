/**
 * The nemesis's hands: applies each planned fault and heals it. Cuts and link shapes are counted
 * per link, so two overlapping faults on one link do not mend each other's damage.
 */
import type { LinkProxy, LinkShape } from './proxy';
import type { historyWriter } from './history';
import { describeFault, nodesOf, type FaultPlan, type PlannedFault } from './schedule';

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

/** Starts each fault at its time and heals it at its end; resolves after the last heal. */
export async function playSchedule(
  faults: readonly PlannedFault[],
  hands: ReturnType<typeof faultHands>,
  history: ReturnType<typeof historyWriter>,
  log: (line: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const at = (ms: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + ms - performance.now())));
  await Promise.all(
    faults.map(async (f) => {
      await at(f.at);
      history.record({ type: 'fault', id: f.id, kind: f.kind, nodes: nodesOf(f), detail: describeFault(f) });
      log(`#${f.id} ${f.kind}: ${describeFault(f)} for ${(f.durationMs / 1000).toFixed(1)} s`);
      try {
        hands.apply(f);
      } catch (err) {
        history.record({ type: 'note', text: `#${f.id} could not be applied: ${(err as Error).message}` });
      }
      await at(f.at + f.durationMs);
      try {
        hands.heal(f);
      } catch (err) {
        history.record({ type: 'note', text: `#${f.id} could not be healed: ${(err as Error).message}` });
      }
      history.record({ type: 'heal', id: f.id });
    }),
  );
}
