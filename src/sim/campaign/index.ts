/** Campaigns of random scenarios: running them, tallying liveness per fault type, reporting. */
export * from './tally';
export * from './format';
export * from './run-campaign';
