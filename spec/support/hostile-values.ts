/**
 * Hostile JavaScript values for the receive side: each one named, each one something a transport
 * or a careless caller could hand the machine. None of them is a readable frame, ballot or
 * mutation set; only a megabyte string is a readable peer id (it is a non-empty string).
 */

export interface Hostile {
  readonly name: string;
  readonly value: unknown;
}

const trap = (): never => {
  throw new Error('trap');
};

/** A Proxy whose every trap throws (reading, `in`, keys, prototype, descriptors). */
export const allTrapsProxy = (): object =>
  new Proxy(
    {},
    { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap, set: trap },
  );

/** An object whose properties (any name) throw when read. */
export const throwingGetProxy = (): object => new Proxy({}, { get: trap });

export const revokedProxy = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

/** A plain object with enumerable getters that throw for `rank`, `id`, `voter` and `proposal`. */
export const throwingGetters = (): object =>
  Object.defineProperties(
    {},
    Object.fromEntries(
      ['rank', 'id', 'voter', 'proposal'].map((key) => [key, { enumerable: true, get: trap }]),
    ),
  );

export const cyclic = (): object => {
  const node: Record<string, unknown> = { name: 'cycle' };
  node['self'] = node;
  node['list'] = [node];
  return node;
};

/** `JSON.parse` makes `__proto__` an own property: the classic prototype-pollution payload. */
export const protoPayload = (): object =>
  JSON.parse('{"__proto__":{"polluted":1,"rank":1,"id":"x"}}') as object;
export const constructorPayload = (): object =>
  JSON.parse('{"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}}') as object;

export const MEGABYTE = 'x'.repeat(1024 * 1024);

/** Values no domain accessor can read as a frame, ballot or mutation set. */
export const HOSTILE_VALUES: readonly Hostile[] = [
  { name: 'null', value: null },
  { name: 'undefined', value: undefined },
  { name: 'a BigInt', value: 10n },
  { name: 'a symbol', value: Symbol('hostile') },
  { name: 'a function', value: () => 1 },
  { name: 'a class', value: class Hostile {} },
  { name: 'a cyclic object', value: cyclic() },
  { name: 'a __proto__ payload', value: protoPayload() },
  { name: 'a constructor payload', value: constructorPayload() },
  { name: 'a Proxy whose getters throw', value: throwingGetProxy() },
  { name: 'a Proxy whose every trap throws', value: allTrapsProxy() },
  { name: 'a revoked Proxy', value: revokedProxy() },
  { name: 'an object with throwing getters', value: throwingGetters() },
  { name: 'a frozen empty object', value: Object.freeze({}) },
  { name: 'a frozen array', value: Object.freeze([1, 2, 3]) },
  { name: 'an object without prototype', value: Object.create(null) as object },
  { name: 'a megabyte string', value: MEGABYTE },
  { name: 'an empty string', value: '' },
  { name: 'NaN', value: NaN },
  { name: 'Infinity', value: Infinity },
  { name: '-Infinity', value: -Infinity },
  { name: '-1', value: -1 },
  { name: '1.5', value: 1.5 },
  { name: '0', value: 0 },
  { name: '42', value: 42 },
  { name: 'an unsafe integer', value: 2 ** 53 + 2 },
  { name: 'true', value: true },
  { name: 'an empty array', value: [] },
  { name: 'an array of numbers', value: [1, 2, 3] },
  { name: 'a Map', value: new Map([['rank', 1]]) },
  { name: 'an invalid Date', value: new Date(NaN) },
  { name: 'a boxed number', value: new Number(1) },
  { name: 'a boxed string', value: new String('leader2') },
  { name: 'a RegExp', value: /rank/ },
  { name: 'an Error', value: new Error('hostile') },
];

/** Values that are not a readable peer id (a non-empty string): everything above but the megabyte string. */
export const HOSTILE_PEERS: readonly Hostile[] = HOSTILE_VALUES.filter(
  ({ value }) => !(typeof value === 'string' && value.length > 0),
);

/** Values that are not a rank (a non-negative safe integer). */
export const HOSTILE_RANKS: readonly Hostile[] = HOSTILE_VALUES.filter(
  ({ value }) => !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0),
);

/** Values a template string cannot turn into text (the fixture's ballot identity is `${voter}:${proposal}`). */
export const UNPRINTABLE: readonly Hostile[] = [
  { name: 'a symbol', value: Symbol('hostile') },
  { name: 'an object without prototype', value: Object.create(null) as object },
  { name: 'a Proxy whose getters throw', value: throwingGetProxy() },
  {
    name: 'an object whose toString throws',
    value: {
      toString: trap,
    },
  },
];

/** True when nothing has been written onto `Object.prototype` by a payload. */
export const prototypeIsClean = (): boolean =>
  !Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted') &&
  ({} as Record<string, unknown>)['polluted'] === undefined &&
  ({} as Record<string, unknown>)['rank'] === undefined;
