/** Scenario parts from their short command-line forms. */
export * from './parse';
export * from './from-options';
export * from './campaign-seed';
