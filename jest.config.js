/**
 * Jest runs the TypeScript specs through ts-jest, transpiling each file on its own (isolated
 * modules: no type-check here, `npm run typecheck` does that once for the whole project); every
 * spec runs in virtual time.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Both cores: Jest's default leaves one idle on a 2-core machine.
  maxWorkers: 2,
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleNameMapper: { '^rx-consensus$': '<rootDir>/src/index.ts', '^rx-consensus/(.*)$': '<rootDir>/src/entries/$1.ts' },
  testTimeout: 60000,
  globalSetup: '<rootDir>/jest.global-setup.js',
};
