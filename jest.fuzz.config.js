/**
 * `npm run fuzz`: the hostile-peer specs at full size (FUZZ=1): over a million generated inputs,
 * 2,000 forged megabyte envelopes, a million votes from made-up voters. Minutes, not seconds.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/spec/hostile'], testTimeout: 30 * 60 * 1000 };
