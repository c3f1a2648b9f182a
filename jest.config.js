/** Jest runs the TypeScript specs through ts-jest; every spec runs in virtual time. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: true }] },
  moduleNameMapper: { '^rx-consensus$': '<rootDir>/src/index.ts', '^rx-consensus/(.*)$': '<rootDir>/src/entries/$1.ts' },
  testTimeout: 60000,
};
