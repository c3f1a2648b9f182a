/**
 * What the reference protocol costs in the simulator: n validators (Ed25519 on every message),
 * virtual time, a synchronous network with a fixed 10 ms one-way delay, no faults. CPU time of
 * the process over the run, divided by validators and by ranks finalized, so growth with n shows
 * as growth of this figure (the process also runs the simulated network, which is part of it).
 */
import { runScenario } from '../src/sim/run/run-scenario';
import { scenario } from '../src/sim/scenario/defaults';

export interface ReferenceCost {
  /** CPU milliseconds per validator per rank finalized. */
  readonly cpuMsPerValidatorRank: number;
  /** Ranks finalized per second of wall time. */
  readonly virtualRanksPerS: number;
}

/** One run of `nodes` validators for `durationMs` of virtual time. */
export function referenceCost(nodes: number, durationMs: number): ReferenceCost {
  const s = scenario({
    nodes,
    seed: 1,
    network: { latency: { kind: 'fixed', ms: 10 }, loss: 0, duplicate: 0, reorder: 0 },
    run: { duration: durationMs, rounds: null },
  });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const record = runScenario(s);
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Ranks every validator finalized (the slowest one's count).
  const ranks = Math.min(...record.nodes.map((n) => n.finalizations.length));
  if (ranks < 2) throw new Error(`${nodes} validators finalized ${ranks} ranks in ${durationMs} ms`);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { cpuMsPerValidatorRank: cpuMs / (nodes * ranks), virtualRanksPerS: ranks / wallS };
}
