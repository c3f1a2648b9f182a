/**
 * The specs StrykerJS runs against each mutant (`npm run mutate`): the unit specs of the machine
 * table, the reducer, the state effects and the engine, all in virtual time. Stryker's Jest runner
 * loads every file listed here for every mutant (it filters by test name only), so the list is
 * kept to fast files. Left out, still in `npm test`:
 * - spec/engine/stop.spec.ts and spec/engine/voting.spec.ts: under many mutants of the voting
 *   path their lone-leader machine runs round after round within one virtual instant and the spec
 *   hangs instead of failing, which costs a timeout and a worker restart per mutant;
 * - spec/engine/hostile-input.spec.ts: 1,391 generated cases, seconds to load per mutant.
 */
const base = require('./jest.config');

const SLOW_OR_HANGING = ['stop', 'voting', 'hostile-input'].map((name) => `/spec/engine/${name}\\.spec\\.ts$`);

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker runs its own workers; one Jest worker each.
  maxWorkers: 1,
  testMatch: [
    '<rootDir>/spec/machine/**/*.spec.ts',
    '<rootDir>/spec/engine/**/*.spec.ts',
    '<rootDir>/spec/runtime/**/*.spec.ts',
    '<rootDir>/spec/effects/**/*.spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', ...SLOW_OR_HANGING],
};
