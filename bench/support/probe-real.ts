import { cluster4RoundsPerS } from '../suites';
const cpu0 = process.cpuUsage();
const t0 = performance.now();
cluster4RoundsPerS(2000, 'real').then((r) => {
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    'rounds/s',
    r.toFixed(0),
    'wall ms',
    wall.toFixed(0),
    'cpu ms',
    ((cpu.user + cpu.system) / 1000).toFixed(0),
  );
});
