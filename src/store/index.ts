export * from './grow-only-map';
export * from './round-book';
