export * from './states';
export * from './transitions';
export * from './timeouts';
export * from './rank-window';
