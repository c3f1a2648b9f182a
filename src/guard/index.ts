export * from './describe';
export * from './io-ts-report';
