/**
 * What the reference protocol costs in the simulator: n validators (Ed25519 on every message),
 * virtual time, a synchronous network with a fixed 10 ms one-way delay, no faults, each validator
 * verifying the signatures it receives itself. CPU time of the process divided by validators and
 * by ranks finalized, so growth with n shows as growth of this figure (the process also runs the
 * simulated network, which is part of it).
 *
 * The figure is the steady state: a shorter run first compiles the code, then the first quarter
 * of each measured run (building keys and validators, the first ranks) is left out, and the CPU
 * and ranks of the other three quarters are counted. Counting the whole of one short run added
 * the start-up and the compilation to every rank: about 1 ms per validator per rank at n = 4
 * over 3 s of virtual time.
 */
import { filter } from 'rxjs';
import { runScenario } from '../src/sim/run/run-scenario';
import { scenario } from '../src/sim/scenario/defaults';

export interface ReferenceCost {
  /** CPU milliseconds per validator per rank finalized, after the first quarter. */
  readonly cpuMsPerValidatorRank: number;
  /** Ranks finalized per second of wall time, after the first quarter. */
  readonly virtualRanksPerS: number;
}

/**
 * `nodes` validators for `durationMs` of virtual time: a run a quarter as long to warm up, then
 * `runs` runs, of which the one with the median CPU figure is returned.
 */
export function referenceCost(nodes: number, durationMs: number, runs = 1): ReferenceCost {
  measuredRun(nodes, durationMs / 4, false);
  const measured = Array.from({ length: runs }, () => measuredRun(nodes, durationMs, true));
  measured.sort((a, b) => a.cpuMsPerValidatorRank - b.cpuMsPerValidatorRank);
  return measured[Math.floor(runs / 2)]!;
}

function measuredRun(nodes: number, durationMs: number, counted: boolean): ReferenceCost {
  const s = scenario({
    nodes,
    seed: 1,
    network: { latency: { kind: 'fixed', ms: 10 }, loss: 0, duplicate: 0, reorder: 0 },
    run: { duration: durationMs, rounds: null },
  });
  // Frames final on the slowest validator, and the process's clocks, at the end of the first quarter.
  const finalized = new Map<string, number>();
  const slowest = () => Math.min(...Array.from({ length: nodes }, (_, i) => finalized.get(`v${i}`) ?? 0));
  let mark: { cpu: NodeJS.CpuUsage; wall: number; ranks: number } | undefined;
  let end: { cpu: NodeJS.CpuUsage; wall: number; ranks: number } | undefined;
  runScenario(s, {
    // Each validator verifies what it receives, as a real node does (the simulator's default
    // shares one cache among them, so a signature is checked once for the whole cluster).
    cluster: { sharedVerifier: false },
    watch: (cluster) => {
      const counting = cluster.events$.pipe(filter((e) => e.kind === 'finalized')).subscribe((e) => {
        finalized.set(e.node, (finalized.get(e.node) ?? 0) + 1);
      });
      const marking = cluster.scheduler.schedule(() => {
        mark = { cpu: process.cpuUsage(), wall: performance.now(), ranks: slowest() };
      }, durationMs / 4);
      return () => {
        // Before the run's record is built, which is not the protocol's work.
        end = { cpu: process.cpuUsage(mark?.cpu), wall: performance.now(), ranks: slowest() };
        counting.unsubscribe();
        marking.unsubscribe();
      };
    },
  });
  if (mark === undefined || end === undefined) throw new Error('the run ended before its first quarter');
  const ranks = end.ranks - mark.ranks;
  if (ranks < 2 && counted)
    throw new Error(`${nodes} validators finalized ${ranks} ranks in the last 3/4 of ${durationMs} ms`);
  const wallS = (end.wall - mark.wall) / 1000;
  const cpuMs = (end.cpu.user + end.cpu.system) / 1000;
  return { cpuMsPerValidatorRank: cpuMs / (nodes * ranks), virtualRanksPerS: ranks / wallS };
}
