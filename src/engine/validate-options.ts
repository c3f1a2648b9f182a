/**
 * Checks the options of `createStateMachine` before anything runs, so a mistake surfaces as one
 * `ConfigurationError` naming the option and what was expected, not as a TypeError deep inside
 * the engine or a machine that loops at run time.
 */
import { describeValue } from '../guard/describe';
import { isMachineState } from '../machine/states';

/** A configuration mistake by the programmer creating the machine. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    /** The option at fault, as a path: `providers.voting.isQuorum`. */
    readonly option: string,
    /** What a valid value looks like. */
    readonly expected: string,
    /** What was given, described. */
    readonly got: string,
  ) {
    super(`${option}: expected ${expected}, got ${got}`);
  }
}

const PROVIDER_METHODS = {
  sync: ['synchronize'],
  voting: ['sendProposal', 'decideAndSendVote', 'sendVote', 'isQuorum', 'finalizeVotes', 'sendConfirmation'],
  leader: ['getNextLeaders', 'proveNextState'],
  liveness: ['collect', 'sendLiveness'],
} as const;

/** Optional: when present they must be functions. */
const OPTIONAL_VOTING_METHODS = ['decideVote', 'sendTimeout'] as const;

const DOMAIN_ACCESSORS = {
  state: ['identity', 'rank'],
  vote: ['identity', 'rank'],
  peer: ['identity'],
  collected: ['identity', 'rank'],
} as const;

type Record_ = Record<string, unknown>;

const describe = (value: unknown): string => (value === undefined ? 'nothing' : describeValue(value));
const isObject = (value: unknown): value is Record_ => typeof value === 'object' && value !== null;
const fail = (option: string, expected: string, value: unknown): never => {
  throw new ConfigurationError(option, expected, describe(value));
};

function object(value: unknown, option: string, expected: string): Record_ {
  return isObject(value) ? value : fail(option, expected, value);
}

function method(owner: Record_, name: string, path: string): void {
  if (typeof owner[name] !== 'function') fail(`${path}.${name}`, 'a function', owner[name]);
}

const nonNegative = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function validateOptions(options: unknown): void {
  const o = object(options, 'options', 'an object of options');
  if (o['id'] === undefined) fail('id', 'this node’s peer id', undefined);
  if (o['initialState'] === undefined) fail('initialState', 'the state to start from, or null', undefined);
  if (typeof o['emitReceiveEventsOnSends'] !== 'boolean')
    fail('emitReceiveEventsOnSends', 'true or false', o['emitReceiveEventsOnSends']);
  const minimum = o['minimumProvers'];
  if (typeof minimum !== 'function' && !(Number.isSafeInteger(minimum) && (minimum as number) >= 1))
    fail('minimumProvers', 'a positive integer or a function returning one', minimum);

  const domain = object(o['domain'], 'domain', 'an object with state, vote, peer and collected accessors');
  for (const [kind, accessors] of Object.entries(DOMAIN_ACCESSORS)) {
    const accessor = object(
      domain[kind],
      `domain.${kind}`,
      `an object with ${accessors.join(' and ')} functions`,
    );
    for (const name of accessors) method(accessor, name, `domain.${kind}`);
    const codec = accessor['codec'];
    if (codec !== undefined && !(isObject(codec) && typeof codec['decode'] === 'function'))
      fail(`domain.${kind}.codec`, 'an io-ts codec (or no codec)', codec);
  }

  const providers = object(
    o['providers'],
    'providers',
    'an object with sync, voting, leader and liveness providers',
  );
  for (const [kind, methods] of Object.entries(PROVIDER_METHODS)) {
    const provider = object(providers[kind], `providers.${kind}`, `an object with ${methods.join(', ')}`);
    for (const name of methods) method(provider, name, `providers.${kind}`);
  }
  const voting = providers['voting'] as Record_;
  for (const name of OPTIONAL_VOTING_METHODS)
    if (voting[name] !== undefined) method(voting, name, 'providers.voting');

  if (o['tracer'] !== undefined) {
    const tracer = object(o['tracer'], 'tracer', 'an object with trace and error functions');
    method(tracer, 'trace', 'tracer');
    method(tracer, 'error', 'tracer');
  }
  if (o['logger'] !== undefined) {
    const logger = object(o['logger'], 'logger', 'an object with a log function');
    method(logger, 'log', 'logger');
  }
  if (o['timeouts'] !== undefined) {
    const timeouts = object(o['timeouts'], 'timeouts', 'milliseconds per state, e.g. { voting: 10000 }');
    for (const [state, ms] of Object.entries(timeouts)) {
      if (!isMachineState(state)) fail(`timeouts.${state}`, 'a key that is a machine state', state);
      if (!nonNegative(ms)) fail(`timeouts.${state}`, 'a non-negative number of milliseconds', ms);
    }
  }
  if (o['scheduler'] !== undefined) {
    const scheduler = object(o['scheduler'], 'scheduler', 'an RxJS SchedulerLike');
    method(scheduler, 'now', 'scheduler');
    method(scheduler, 'schedule', 'scheduler');
  }
  const rankWindow = o['rankWindow'];
  if (rankWindow !== undefined && !(Number.isSafeInteger(rankWindow) && (rankWindow as number) >= 1))
    fail('rankWindow', 'a positive integer', rankWindow);
  if (o['syncRetryDelay'] !== undefined && !nonNegative(o['syncRetryDelay']))
    fail('syncRetryDelay', 'a non-negative number of milliseconds', o['syncRetryDelay']);
  if (o['failureBackoff'] !== undefined) {
    const backoff = object(
      o['failureBackoff'],
      'failureBackoff',
      'an object { initial?, max? } in milliseconds',
    );
    for (const key of ['initial', 'max'])
      if (backoff[key] !== undefined && !nonNegative(backoff[key]))
        fail(`failureBackoff.${key}`, 'a non-negative number of milliseconds', backoff[key]);
  }
  const maxItems = o['maxItemsPerRank'];
  if (maxItems !== undefined && !(Number.isSafeInteger(maxItems) && (maxItems as number) >= 1))
    fail('maxItemsPerRank', 'a positive integer', maxItems);
  if (o['roundBackoff'] !== undefined) {
    const backoff = object(o['roundBackoff'], 'roundBackoff', 'an object { factor?, max? }');
    const factor = backoff['factor'];
    if (factor !== undefined && !(typeof factor === 'number' && Number.isFinite(factor) && factor >= 1))
      fail('roundBackoff.factor', 'a number of at least 1', factor);
    if (backoff['max'] !== undefined && !nonNegative(backoff['max']))
      fail('roundBackoff.max', 'a non-negative number of milliseconds', backoff['max']);
  }
  if (o['voteStore'] !== undefined) {
    const store = object(o['voteStore'], 'voteStore', 'an object with votedAt and record functions');
    method(store, 'votedAt', 'voteStore');
    method(store, 'record', 'voteStore');
  }
}
