/**
 * `npm run bench:operators`: each hand-written operator in `src/operators` against the plain RxJS
 * composition it stands for, so the reason it exists is a measured figure. Prints a table (median
 * of 5 runs) and writes the medians as JSON to bench/results/operators.json; `--json` prints only
 * that object.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import {
  asyncScheduler,
  defer,
  from,
  isObservable,
  map,
  type MonoTypeOperatorFunction,
  type Observable,
  observeOn,
  of,
  queueScheduler,
  race,
  Subject,
  take,
  timer,
  VirtualTimeScheduler,
} from 'rxjs';
import { endOfInstant } from '../src/operators/end-of-instant';
import { fromResult } from '../src/operators/from-result';
import { raceTimer } from '../src/operators/race-timer';
import { serialize } from './support/serialize';
import { median } from './suites';

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

/** Values per second through `op` on a Subject, one in a thousand sent again re-entrantly. */
function delivery(op: MonoTypeOperatorFunction<number>, count = 1_000_000): number {
  const input = new Subject<number>();
  let seen = 0;
  input.pipe(op).subscribe((value) => {
    seen++;
    if (value % 1000 === 0) input.next(value + 1);
  });
  const start = performance.now();
  for (let i = 0; i < count; i += 2) input.next(i);
  const ms = performance.now() - start;
  if (seen < count / 2) throw new Error(`delivered ${seen}`);
  return perSecond(seen, ms);
}

/** The provider-call adapter written as a chain of RxJS operators. */
const composedCall = <T>(invoke: () => T | PromiseLike<T> | Observable<T>): Observable<T> =>
  defer(() => {
    const answer = invoke();
    if (isObservable(answer)) return answer.pipe(take(1));
    if (answer !== null && typeof (answer as PromiseLike<T>).then === 'function')
      return from(answer as PromiseLike<T>);
    return of(answer as T);
  });

/** Provider calls per second answered synchronously. */
function calls(call: (invoke: () => number) => Observable<number>, count = 500_000): number {
  let sum = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) call(() => i).subscribe((v) => (sum += v));
  const ms = performance.now() - start;
  if (sum !== (count * (count - 1)) / 2) throw new Error('lost answers');
  return perSecond(count, ms);
}

type Race = (source: Observable<number>, scheduler: VirtualTimeScheduler) => Observable<number>;

/**
 * Races per second as a state entry runs them: the timer is armed, then the source answers and
 * the timer is cancelled (one in ten races is won by the timer instead, at the final flush).
 */
function races(raced: Race, count = 200_000): number {
  let won = 0;
  const start = performance.now();
  // A scheduler per hundred races: `VirtualTimeScheduler` sorts its whole queue on each schedule.
  for (let batch = 0; batch < count; batch += 100) {
    const scheduler = new VirtualTimeScheduler();
    for (let i = batch; i < batch + 100; i++) {
      const source = new Subject<number>();
      raced(source, scheduler).subscribe(() => won++);
      if (i % 10 !== 0) source.next(i);
    }
    scheduler.flush();
  }
  const ms = performance.now() - start;
  if (won !== count) throw new Error(`${won} of ${count} races ended`);
  return perSecond(count, ms);
}

/** End-of-instant hops per second in real time: each hop schedules the next. */
function hops(schedule: (work: () => void) => void, count: number): Promise<number> {
  return new Promise((resolve) => {
    let left = count;
    const start = performance.now();
    const hop = () => {
      if (--left === 0) resolve(perSecond(count, performance.now() - start));
      else schedule(hop);
    };
    schedule(hop);
  });
}

type Key =
  | 'serialize_values_per_s'
  | 'observeOn_queue_values_per_s'
  | 'fromResult_calls_per_s'
  | 'composed_call_calls_per_s'
  | 'raceTimer_races_per_s'
  | 'race_timer_map_races_per_s'
  | 'endOfInstant_hops_per_s'
  | 'asyncScheduler_0ms_hops_per_s';

async function sample(): Promise<Record<Key, number>> {
  return {
    serialize_values_per_s: delivery(serialize()),
    observeOn_queue_values_per_s: delivery(observeOn(queueScheduler)),
    fromResult_calls_per_s: calls((invoke) => fromResult('bench', invoke)),
    composed_call_calls_per_s: calls(composedCall),
    raceTimer_races_per_s: races((source, scheduler) => raceTimer(source, 10, scheduler, () => -1)),
    race_timer_map_races_per_s: races((source, scheduler) =>
      race(source, timer(10, scheduler).pipe(map(() => -1))),
    ),
    endOfInstant_hops_per_s: await hops((work) => endOfInstant.schedule(work), 20_000),
    asyncScheduler_0ms_hops_per_s: await hops((work) => asyncScheduler.schedule(work, 0), 200),
  };
}

async function main(json: boolean): Promise<void> {
  const runs: Record<Key, number>[] = [];
  for (let i = 0; i < 5; i++) runs.push(await sample());
  const keys = Object.keys(runs[0]!) as Key[];
  const medians = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as Record<
    Key,
    number
  >;
  const out = join(__dirname, '..', '..', 'bench', 'results', 'operators.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(medians, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(medians)}\n`);
    return;
  }
  const table = new Table({ head: ['figure', 'median', 'min', 'max'] });
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  for (const k of keys) {
    const xs = runs.map((r) => r[k]);
    table.push([k, fmt(medians[k]), fmt(Math.min(...xs)), fmt(Math.max(...xs))]);
  }
  console.log(table.toString());
  console.log(`JSON written to ${out}`);
}

main(process.argv.includes('--json')).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
