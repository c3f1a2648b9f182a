/** The guarded inbound path: untrusted bytes in, typed rejections or checked messages for the machine out. */
export * from './known-senders';
export * from './message-check';
export * from './target';
export * from './rejection';
export * from './counts';
export * from './evidence-cache';
export * from './evidence';
export * from './guarded-inbound';
