import { createInstantCluster } from './instant-cluster';
import type { VirtualTimeScheduler } from 'rxjs';
const rounds = Number(process.argv[2] ?? 3000);
const c = createInstantCluster({ nodes: 4, latency: 10, time: 'virtual' });
const s = c.scheduler as VirtualTimeScheduler;
for (const m of c.machines) m.start();
s.schedule(() => c.close(), 30 * rounds + 5);
const cpu0 = process.cpuUsage();
s.flush();
const cpu = process.cpuUsage(cpu0);
console.log(
  `rounds ${c.finalizedAt.length}  cpu us/round ${((cpu.user + cpu.system) / c.finalizedAt.length).toFixed(1)}  us/msg ${((cpu.user + cpu.system) / c.delivered()).toFixed(2)}`,
);
