/**
 * Metrics of a running machine: transitions, how long each rank took and how it ended, refusals
 * by reason, and timeouts. `observeMachine` feeds any `MachineMetrics`; `promClientMetrics` is one
 * on prom-client (pass the module: it is an optional peer this package never loads itself).
 */
import type { Subscription } from 'rxjs';
import type { TransitionRecord } from '../engine/outcome';
import type { StateMachine } from '../engine/state-machine';
import { MachineEvent, type MachineState } from '../machine/states';

export interface MachineMetrics {
  transition(t: TransitionRecord): void;
  /** A rank ended: finalized by this node, or advanced past by a certificate. */
  rankEnded(durationMs: number, how: 'finalized' | 'advanced'): void;
  refused(reason: string): void;
  /** A state's timeout fired (the machine re-entered `state` or moved on by its timeout event). */
  timedOut(state: MachineState): void;
}

const TIMEOUT_EVENTS: ReadonlySet<string> = new Set([
  MachineEvent.SyncTimeout,
  MachineEvent.LivenessTimeout,
  MachineEvent.PublishTimeout,
  MachineEvent.VotingTimeout,
  MachineEvent.AggregationTimeout,
  MachineEvent.VerificationTimeout,
]);

/** Feed `metrics` from `machine` until the returned subscription is unsubscribed. */
export function observeMachine(
  machine: Pick<StateMachine<unknown, unknown, unknown, unknown>, 'transition$' | 'rejection$'>,
  metrics: MachineMetrics,
): Subscription {
  let rankStarted: number | null = null;
  const subscription = machine.transition$.subscribe((t) => {
    metrics.transition(t);
    if (TIMEOUT_EVENTS.has(t.event)) metrics.timedOut(t.from);
    const ended =
      t.event === MachineEvent.VerificationDone
        ? 'finalized'
        : t.event === MachineEvent.RankAdvanced
          ? 'advanced'
          : null;
    if (ended !== null && rankStarted !== null) metrics.rankEnded(t.at - rankStarted, ended);
    if (t.to === 'collecting') rankStarted = t.at;
  });
  subscription.add(machine.rejection$.subscribe((r) => metrics.refused(r.reason)));
  return subscription;
}

/** The parts of prom-client this adapter uses. */
export interface PromClientLike<R> {
  Counter: new (config: { name: string; help: string; labelNames?: string[]; registers?: R[] }) => {
    inc(labels: Record<string, string>): void;
  };
  Histogram: new (config: {
    name: string;
    help: string;
    labelNames?: string[];
    buckets?: number[];
    registers?: R[];
  }) => { observe(labels: Record<string, string>, value: number): void };
}

/**
 * `MachineMetrics` as prom-client counters and a histogram, registered in `registry` (prom-client's
 * default registry when omitted), names prefixed with `prefix` (default `rxc_`).
 */
export function promClientMetrics<R>(
  prom: PromClientLike<R>,
  options: { registry?: R; prefix?: string } = {},
): MachineMetrics {
  const prefix = options.prefix ?? 'rxc_';
  const registers: { registers?: R[] } =
    options.registry === undefined ? {} : { registers: [options.registry] };
  const transitions = new prom.Counter({
    name: `${prefix}transitions_total`,
    help: 'Machine transitions by state left, state entered and event',
    labelNames: ['from', 'to', 'event'],
    ...registers,
  });
  const ranks = new prom.Histogram({
    name: `${prefix}rank_seconds`,
    help: 'Time from a rank opening to its end, by how it ended',
    labelNames: ['how'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ...registers,
  });
  const refusals = new prom.Counter({
    name: `${prefix}refusals_total`,
    help: 'Inputs the machine refused, by reason',
    labelNames: ['reason'],
    ...registers,
  });
  const timeouts = new prom.Counter({
    name: `${prefix}timeouts_total`,
    help: 'State timeouts that fired, by state',
    labelNames: ['state'],
    ...registers,
  });
  return {
    transition: (t) => transitions.inc({ from: t.from, to: t.to, event: t.event }),
    rankEnded: (ms, how) => ranks.observe({ how }, ms / 1000),
    refused: (reason) => refusals.inc({ reason }),
    timedOut: (state) => timeouts.inc({ state }),
  };
}
