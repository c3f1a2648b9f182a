import { asyncScheduler } from 'rxjs';
import { cluster4RoundsPerS } from '../suites';
const delays = new Map<number, number>();
const orig = asyncScheduler.schedule.bind(asyncScheduler);
(asyncScheduler as any).schedule = (work: any, delay = 0, state?: any) => {
  delays.set(delay, (delays.get(delay) ?? 0) + 1);
  return orig(work, delay, state);
};
let immediates = 0;
const si = global.setImmediate;
(global as any).setImmediate = (...a: any[]) => {
  immediates++;
  return (si as any)(...a);
};
cluster4RoundsPerS(200, 'real').then((r) => {
  console.log('rounds/s', r.toFixed(0), 'schedule delays', [...delays.entries()], 'setImmediate', immediates);
});
