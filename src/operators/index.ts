export * from './exhaust-map-latest';
export * from './from-result';
export * from './abort-lease';
export * from './guard-subscribers';
export * from './end-of-instant';
export * from './race-timer';
