/**
 * The specs StrykerJS runs against each mutant (`npm run mutate`): the unit specs of the machine
 * table, the reducer, the state effects, the engine's parts, its operators and its round tables,
 * plus the few machine-level specs that cannot spin. Stryker's Jest runner loads every file listed here for every mutant (it
 * filters by test name only), so the list is kept to fast files.
 *
 * Left out (all still run by `npm test`): the machine-level specs that drive a whole lone-leader
 * machine. Under many mutants such a machine runs round after round within one virtual instant,
 * so the spec hangs instead of failing, and each hang costs a timeout and a worker restart (on
 * src/effects/voting.ts alone: 45 of 87 mutants timed out, 19 minutes, against 2 and 4 minutes
 * without them). The unit specs kill those mutants directly. hostile-input.spec.ts also has
 * 1,391 generated cases, seconds to load per mutant.
 */
const base = require('./jest.config');

const MACHINE_LEVEL = [
  'go-port',
  'hostile-input',
  'lone-leader',
  'ordering',
  'provider-failures',
  'pruning',
  'real-time',
  'recovery',
  'stop',
  'timeouts',
  'voting',
];

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
    '<rootDir>/spec/operators/**/*.spec.ts',
    '<rootDir>/spec/store/**/*.spec.ts',
  ],
  setupFilesAfterEnv: ['<rootDir>/jest.mutate.setup.js'],
  testPathIgnorePatterns: [
    '/node_modules/',
    ...MACHINE_LEVEL.map((name) => `/spec/engine/${name}\\.spec\\.ts$`),
  ],
};
