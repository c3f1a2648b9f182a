/** Scenarios: the plain data a simulation runs, how to build, check, generate and shrink them. */
export * from './types';
export * from './defaults';
export * from './codec';
export * from './validate';
export * from './space';
export * from './draw';
export * from './random';
export * from './arbitrary';
export * from './shrink';
export * from './faults';
export * from './focus';
