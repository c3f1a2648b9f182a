/**
 * The multi-node example: four validators agree on a chain of frames while one of them lies.
 *
 * - Validators v0…v3, each with its own Ed25519 key; the validator set gives round-robin leader
 *   priority (the leader of rank r is member r mod n) and a quorum of 3 of 4 equal votes.
 * - Every validator proposes a frame per round, signed, carrying a placeholder proof (the
 *   reference providers' `placeholder-proof:<proposer>:<prior>`); honest nodes vote for the
 *   leader's proposal, falling back down the priority order if it is late.
 * - Every message is a signed envelope on the in-memory network (seeded latency, loss,
 *   reordering) and enters each node through its guarded inbound path, which refuses what it must.
 * - The last validator is Byzantine (`mixed`): it votes for proposals nobody made, sends
 *   conflicting votes to different peers, and replays stale messages.
 *
 * `runNetwork` turns the options into a simulation scenario (the same options and defaults as
 * `npm run simulate`), runs it in virtual time (deterministic, instant) or real time, records it,
 * and checks it: whether the honest nodes agree on every rank and all reached the target. The demo
 * (`npm run demo`) is a command line around it. `src/sim/cluster` is where each node is wired:
 * `createReferenceValidator` (machine, reference node and guarded inbound) over an endpoint.
 */
import {
  checkRun,
  DEFAULT_SCENARIO_OPTIONS,
  runScenario,
  runScenarioInRealTime,
  ScenarioError,
  scenarioFromOptions,
  scenarioProblems,
  summarizeRun,
  type Cluster,
  type RunRecord,
  type RunSummary,
  type RunVerdict,
  type Scenario,
  type ScenarioOptions,
} from 'rx-consensus/sim';

export interface NetworkOptions extends ScenarioOptions {
  /** The rank every honest node must finalize (default 30). */
  readonly rounds: number;
  /** `'virtual'` (default) or `'real'` time. */
  readonly time: 'virtual' | 'real';
  /** Called with the cluster before it starts (attach a live view); may return a teardown. */
  readonly watch?: (cluster: Cluster) => (() => void) | void;
}

export const DEFAULT_NETWORK: NetworkOptions = {
  ...DEFAULT_SCENARIO_OPTIONS,
  behaviour: [DEFAULT_SCENARIO_OPTIONS.behaviour],
  partition: [],
  crash: [],
  time: 'virtual',
};

export interface NetworkRun {
  readonly options: Omit<NetworkOptions, 'watch'>;
  readonly scenario: Scenario;
  readonly record: RunRecord;
  readonly verdict: RunVerdict;
  readonly summary: RunSummary;
  /** Every live honest node finalized `rounds`. */
  readonly reached: boolean;
  /** Honest nodes agree at every rank, and none signed two votes at one rank. */
  readonly agree: boolean;
  /** Cluster time the run took (virtual ms in virtual time). */
  readonly runMs: number;
  /** Wall-clock time the run took. */
  readonly wallMs: number;
}

/** Validator ids `v0`…; the Byzantine ones are the last `byzantine`. */
export const byzantineIds = (nodes: number, byzantine: number): string[] =>
  Array.from({ length: byzantine }, (_, i) => `v${nodes - byzantine + i}`);

/** Runs the network; a scenario that breaks the rules (too many Byzantine nodes) is a `ScenarioError`. */
export async function runNetwork(given: Partial<NetworkOptions> = {}): Promise<NetworkRun> {
  const { watch, ...options } = { ...DEFAULT_NETWORK, ...given };
  const scenario = scenarioFromOptions(options);
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) throw new ScenarioError(problems);
  const wallStart = performance.now();
  const record =
    options.time === 'virtual'
      ? runScenario(scenario, { watch })
      : await runScenarioInRealTime(scenario, { watch });
  // Liveness is reported, not failed: the demo's own test is reaching the target.
  const verdict = checkRun(record, { expectLiveness: false });
  return {
    options: { ...options, byzantine: scenario.byzantine.length },
    scenario,
    record,
    verdict,
    summary: summarizeRun(record, verdict),
    reached: record.stoppedEarly,
    agree: verdict.safety.length === 0,
    runMs: record.endedAt,
    wallMs: performance.now() - wallStart,
  };
}
