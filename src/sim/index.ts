/**
 * Deterministic network simulation of reference nodes: scenarios (plain, replayable data), the
 * cluster they run on, Byzantine behaviours, checkers over a run, reports and campaigns.
 *
 *   import { simulate, scenario } from 'rx-consensus/sim';
 *   const { verdict, summary } = simulate(scenario({ nodes: 4, byzantine: [{ node: 3, behaviours: [{ kind: 'double-voter' }] }] }));
 */
export * from './cluster';
export * from './byzantine';
export * from './scenario';
export * from './options';
export * from './record/types';
export * from './record/intervals';
export * from './check';
export * from './report';
export * from './campaign';
export * from './simulate';
export { runScenario } from './run/run-scenario';
export { clusterOptionsOf } from './run/cluster-options';
