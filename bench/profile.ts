/**
 * A single workload to profile: `npx tsc -p tsconfig.bench.json && node --cpu-prof
 * .bench-build/bench/profile.js [virtual|real|inbound] [size]`. Prints CPU time per unit of work.
 */
import type { VirtualTimeScheduler } from 'rxjs';
import { createInstantCluster } from './support/instant-cluster';
import { cluster4RoundsPerS, inboundMsgsPerS } from './suites';
import { countArguments } from './support/args';

async function main(mode: string, size: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000;
  };
  if (mode === 'inbound') {
    const rate = inboundMsgsPerS(size);
    console.log(
      `inbound: ${Math.round(rate)} msgs/s; ${((cpuMs() * 1000) / size).toFixed(2)} us CPU per message`,
    );
  } else if (mode === 'real') {
    const rate = await cluster4RoundsPerS(size, 'real');
    console.log(
      `real time: ${Math.round(rate)} rounds/s; ${((cpuMs() * 1000) / size).toFixed(1)} us CPU per round`,
    );
  } else {
    const cluster = createInstantCluster({ nodes: 4, latency: 10, time: 'virtual' });
    const scheduler = cluster.scheduler as VirtualTimeScheduler;
    for (const m of cluster.machines) m.start();
    scheduler.schedule(() => cluster.close(), 30 * size + 5);
    scheduler.flush();
    const rounds = cluster.finalizedAt.length;
    console.log(
      `virtual: ${rounds} rounds; ${((cpuMs() * 1000) / rounds).toFixed(1)} us CPU per round, ` +
        `${((cpuMs() * 1000) / cluster.delivered()).toFixed(2)} per message`,
    );
  }
}

const MODES = ['virtual', 'real', 'inbound'];
const mode = process.argv[2] ?? 'virtual';
if (!MODES.includes(mode)) {
  console.error(`the workload must be one of ${MODES.join(', ')}, got ${mode}`);
  process.exit(2);
}
const { size } = countArguments(
  'profile.js [virtual|real|inbound] [size, 3000]',
  { size: 3000 },
  process.argv.slice(3),
);
void main(mode, size);
