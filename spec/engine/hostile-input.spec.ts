/**
 * Hostile input at the machine's own receive side: any JavaScript value, as any argument of the
 * receive methods, as a whole message or a field of the `receive.*` Observers, and as an event.
 * Whatever the domain cannot read is refused with a `malformed` Rejection naming the field; the
 * call never throws, the snapshot is the same object afterwards, the refusal is published on
 * `rejection$`, the Observers keep working, and no payload reaches `Object.prototype`.
 */
import fc from 'fast-check';
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/PathReporter';
import { throwError, of, type Observer } from 'rxjs';
import {
  ALL_EVENTS,
  MachineState,
  Rejection,
  type Accepted,
  type Domain,
  type StateMachine,
} from '../../src';
import {
  ballot,
  createFixture,
  domain as plainDomain,
  frame,
  recordTransitions,
  virtualScheduler,
  type Ballot,
  type Fixture,
  type FixtureOptions,
  type Frame,
  type Mutations,
  type Peer,
} from '../support/fixture';
import {
  allTrapsProxy,
  cyclic,
  HOSTILE_PEERS,
  HOSTILE_RANKS,
  HOSTILE_VALUES,
  MEGABYTE,
  prototypeIsClean,
  throwingGetProxy,
  UNPRINTABLE,
  type Hostile,
} from '../support/hostile-values';

type Machine = StateMachine<Frame, Ballot, Peer, Mutations>;
type Answer = Either<Rejection, Accepted>;

// ---------------------------------------------------------------------------------------------
// The receive surface, described once: each method, its argument names, a valid call.

interface ReceiveSurface {
  readonly method: 'receiveProposal' | 'receiveVote' | 'receiveLivenessCheck' | 'receiveConfirmation';
  readonly kind: 'proposal' | 'vote' | 'liveness' | 'confirmation';
  /** Argument names, which are also the Observer message's field names. */
  readonly fields: readonly string[];
  /** Which of those fields hold a peer (the others hold a ranked item). */
  readonly peers: readonly string[];
  /** A valid call at rank 1 (the machine's active rank is 0). */
  readonly valid: readonly unknown[];
  /** A second valid call from another sender, to show the receive side still stores. */
  readonly another: readonly unknown[];
  invoke(sm: Machine, args: readonly unknown[]): Answer;
  observer(sm: Machine): Observer<unknown>;
}

const SURFACES: readonly ReceiveSurface[] = [
  {
    method: 'receiveProposal',
    kind: 'proposal',
    fields: ['peer', 'proposal'],
    peers: ['peer'],
    valid: ['leader2', frame(1, 'p@leader2')],
    another: ['leader3', frame(1, 'p@leader3')],
    invoke: (sm, [peer, proposal]) => sm.receiveProposal(peer as never, proposal as never),
    observer: (sm) => sm.receive.proposal as Observer<unknown>,
  },
  {
    method: 'receiveVote',
    kind: 'vote',
    fields: ['proposer', 'voter', 'vote'],
    peers: ['proposer', 'voter'],
    valid: ['leader1', 'leader2', ballot(1, 'leader2', 'f1')],
    another: ['leader1', 'leader3', ballot(1, 'leader3', 'f1')],
    invoke: (sm, [proposer, voter, vote]) => sm.receiveVote(proposer as never, voter as never, vote as never),
    observer: (sm) => sm.receive.vote as Observer<unknown>,
  },
  {
    method: 'receiveLivenessCheck',
    kind: 'liveness',
    fields: ['peer', 'collected'],
    peers: ['peer'],
    valid: ['leader2', { rank: 1, id: 'm1@leader2' }],
    another: ['leader3', { rank: 1, id: 'm1@leader3' }],
    invoke: (sm, [peer, collected]) => sm.receiveLivenessCheck(peer as never, collected as never),
    observer: (sm) => sm.receive.liveness as Observer<unknown>,
  },
  {
    method: 'receiveConfirmation',
    kind: 'confirmation',
    fields: ['peer', 'confirmation'],
    peers: ['peer'],
    valid: ['leader2', frame(1, 'c@leader2')],
    another: ['leader3', frame(1, 'c@leader3')],
    invoke: (sm, [peer, confirmation]) => sm.receiveConfirmation(peer as never, confirmation as never),
    observer: (sm) => sm.receive.confirmation as Observer<unknown>,
  },
];

const messageOf = (surface: ReceiveSurface, args: readonly unknown[]): Record<string, unknown> =>
  Object.fromEntries(surface.fields.map((field, i) => [field, args[i]]));
const withArg = (args: readonly unknown[], index: number, value: unknown): unknown[] =>
  args.map((arg, i) => (i === index ? value : arg));

// ---------------------------------------------------------------------------------------------
// A stopped node (active rank 0) whose refusals are recorded.

interface Node extends Fixture {
  readonly rejections: Rejection[];
}

function node(options: Partial<FixtureOptions> = {}): Node {
  const fixture = createFixture({
    id: 'leader1',
    leaders: ['leader1', 'leader2', 'leader3'],
    scheduler: virtualScheduler(),
    ...options,
  });
  const rejections: Rejection[] = [];
  fixture.sm.rejection$.subscribe((r) => rejections.push(r));
  return { ...fixture, rejections };
}

/**
 * Call `fn` on `n`; it must not throw, must answer a malformed Rejection naming `field`, must leave
 * the snapshot the same object and must publish that very Rejection once.
 */
function expectMalformed(n: Node, fn: () => Answer, kind: string, field: string): Rejection {
  const before = n.sm.getSnapshot();
  const published = n.rejections.length;
  let answer: Answer | undefined;
  expect(() => (answer = fn())).not.toThrow();
  if (answer === undefined || !isLeft(answer))
    throw new Error(`expected a Left, got ${String(answer && answer._tag)}`);
  const rejection = answer.left;
  expect(rejection).toBeInstanceOf(Error);
  expect(rejection).toBeInstanceOf(Rejection);
  expect(rejection.reason).toBe('malformed');
  expect(rejection.details).toMatchObject({ reason: 'malformed', kind, field });
  expect(rejection.message).toContain(`malformed ${kind}: ${field}: `);
  expect(rejection.message.length).toBeLessThan(400);
  expect(n.sm.getSnapshot()).toBe(before);
  expect(n.rejections.slice(published)).toEqual([rejection]);
  expect(n.rejections[published]).toBe(rejection);
  return rejection;
}

/** Send a message through an Observer; it must be refused as malformed at `field`, changing nothing. */
function expectObserverRefuses(n: Node, surface: ReceiveSurface, message: unknown, field: string): Rejection {
  const before = n.sm.getSnapshot();
  const published = n.rejections.length;
  expect(() => surface.observer(n.sm).next(message)).not.toThrow();
  expect(n.sm.getSnapshot()).toBe(before);
  expect(n.rejections.length).toBe(published + 1);
  const rejection = n.rejections[published]!;
  expect(rejection).toBeInstanceOf(Rejection);
  expect(rejection.details).toMatchObject({ reason: 'malformed', kind: surface.kind, field });
  expect(rejection.message.length).toBeLessThan(400);
  return rejection;
}

/** A valid message through the Observer is still stored. */
function expectObserverStillStores(n: Node, surface: ReceiveSurface): void {
  const before = n.sm.getSnapshot();
  surface.observer(n.sm).next(messageOf(surface, surface.another));
  expect(n.sm.getSnapshot()).not.toBe(before);
  const round = n.sm.getSnapshot().rounds.at(1);
  const stored = {
    proposal: round?.proposals,
    vote: round?.votes,
    liveness: round?.liveness,
    confirmation: round?.confirmations,
  };
  expect(stored[surface.kind]?.size).toBe(1);
}

const names = (values: readonly Hostile[]) => values.map((h) => [h.name, h.value] as const);

afterEach(() => expect(prototypeIsClean()).toBe(true));

// ---------------------------------------------------------------------------------------------

describe.each(SURFACES)('$method with hostile arguments', (surface) => {
  surface.fields.forEach((field, index) => {
    const isPeer = surface.peers.includes(field);
    it.each(names(isPeer ? HOSTILE_PEERS : HOSTILE_VALUES))(
      `as ${field}: %s is refused as malformed`,
      (_, value) => {
        const n = node();
        expectMalformed(
          n,
          () => surface.invoke(n.sm, withArg(surface.valid, index, value)),
          surface.kind,
          field,
        );
        // Still usable: the valid call is stored.
        expect(surface.invoke(n.sm, surface.valid)).toMatchObject({
          _tag: 'Right',
          right: { status: 'stored' },
        });
      },
    );
  });

  const item = surface.fields[surface.fields.length - 1]!;
  const itemIndex = surface.fields.length - 1;
  const validItem = surface.valid[itemIndex] as Record<string, unknown>;

  it.each(names(HOSTILE_RANKS))(`${item}.rank as %s is refused as malformed`, (_, rank) => {
    const n = node();
    const args = withArg(surface.valid, itemIndex, { ...validItem, rank });
    const rejection = expectMalformed(n, () => surface.invoke(n.sm, args), surface.kind, item);
    // Either the rank is read and refused, or copying the item fails first (a throwing trap, a cycle).
    expect(rejection.message).toMatch(
      /rank (must be a non-negative safe integer|\(\) threw)|reading it threw/,
    );
  });

  if (surface.kind !== 'vote') {
    it.each(names(HOSTILE_PEERS))(`${item}.id as %s is refused as malformed`, (_, id) => {
      const n = node();
      const args = withArg(surface.valid, itemIndex, { ...validItem, id });
      const rejection = expectMalformed(n, () => surface.invoke(n.sm, args), surface.kind, item);
      expect(rejection.message).toMatch(/identity (must be a non-empty string|\(\) threw)|reading it threw/);
    });
  } else {
    // The fixture's ballot identity is the template `${voter}:${proposal}`.
    // A Proxy whose getters throw but which has no keys is copied as a plain `{}`: no trap runs
    // after the copy, so it is stored like any other object (see spec/hostile/own-inputs).
    const unprintable = UNPRINTABLE.filter((h) => h.name !== 'a Proxy whose getters throw');
    it.each(names(unprintable))(
      'a vote whose voter is %s (identity cannot be built) is refused',
      (_, voter) => {
        const n = node();
        const args = withArg(surface.valid, itemIndex, { ...validItem, voter });
        const rejection = expectMalformed(n, () => surface.invoke(n.sm, args), 'vote', 'vote');
        expect(rejection.message).toContain('identity() threw');
      },
    );
  }

  it('reading a field through a throwing getter is refused, not thrown', () => {
    const n = node();
    const args = withArg(surface.valid, itemIndex, {
      ...validItem,
      get rank(): number {
        throw new Error('no rank');
      },
    });
    const rejection = expectMalformed(n, () => surface.invoke(n.sm, args), surface.kind, item);
    // The item is copied (each field read once) before its rank is read.
    expect(rejection.message).toContain('reading it threw Error: no rank');
  });
});

describe.each(SURFACES)('receive Observer for $kind with hostile messages', (surface) => {
  // (An object whose `voter`/`proposal` getters throw is refused at that field instead: tested below.)
  const wholeMessages = HOSTILE_VALUES.filter((h) => h.name !== 'an object with throwing getters');
  it.each(names(wholeMessages))('the whole message as %s is refused, naming the first field', (_, value) => {
    const n = node();
    expectObserverRefuses(n, surface, value, surface.fields[0]!);
    expectObserverStillStores(n, surface);
  });

  surface.fields.forEach((field, index) => {
    const isPeer = surface.peers.includes(field);
    it.each(names(isPeer ? HOSTILE_PEERS : HOSTILE_VALUES))(
      `the field ${field} as %s is refused`,
      (_, value) => {
        const n = node();
        expectObserverRefuses(n, surface, messageOf(surface, withArg(surface.valid, index, value)), field);
        expectObserverStillStores(n, surface);
      },
    );
  });

  it('a field behind a throwing getter is refused and named', () => {
    const n = node();
    const field = surface.fields[1]!;
    const message = Object.defineProperty(messageOf(surface, surface.valid), field, {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    const rejection = expectObserverRefuses(n, surface, message, field);
    expect(rejection.message).toContain('reading it threw Error: gotcha');
    expectObserverStillStores(n, surface);
  });

  it('survives error and complete from a transport and works detached from its object', () => {
    const n = node();
    const observer = surface.observer(n.sm);
    expect(() => throwError(() => allTrapsProxy()).subscribe(observer)).not.toThrow();
    expect(() => of(messageOf(surface, surface.valid)).subscribe(observer)).not.toThrow();
    expect(n.errors.map((e) => e.message)).toEqual([
      `receive.${surface.kind}: the transport errored; ignored, the machine keeps running`,
    ]);
    const { next } = observer;
    expect(() => next(messageOf(surface, surface.another))).not.toThrow();
    const round = n.sm.getSnapshot().rounds.counts();
    const key = {
      proposal: 'proposals',
      vote: 'votes',
      liveness: 'liveness',
      confirmation: 'confirmations',
    } as const;
    expect(round).toEqual([expect.objectContaining({ rank: 1, [key[surface.kind]]: 2 })]);
  });
});

describe('sendEvent with hostile values', () => {
  const notEvents: readonly Hostile[] = [
    ...HOSTILE_VALUES,
    ...[
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'START',
      'start ',
      'stopped',
    ].map((value) => ({ name: JSON.stringify(value), value })),
  ];

  it.each(names(notEvents))('%s is refused as a malformed event', (_, value) => {
    const n = node();
    const rejection = expectMalformed(n, () => n.sm.sendEvent(value as never), 'event', 'event');
    expect(rejection.message).toContain('not a machine event');
    expect(n.sm.getState()).toBe(MachineState.Stopped);
    // Still usable.
    expect(n.sm.start()).toMatchObject({ _tag: 'Right', right: { status: 'transition' } });
    n.sm.close();
  });

  it('a real event without a row is a no_transition refusal, not a malformed one, and changes nothing', () => {
    const n = node();
    const before = n.sm.getSnapshot();
    const answer = n.sm.sendEvent('vote_received');
    expect(isLeft(answer) && answer.left.details).toEqual({
      reason: 'no_transition',
      state: 'stopped',
      event: 'vote_received',
    });
    expect(n.sm.getSnapshot()).toBe(before);
    expect(n.rejections).toHaveLength(1);
  });
});

describe('hostile but readable values', () => {
  it('accepts frozen, cyclic, function-shaped and __proto__-carrying items without copying them onto a prototype', () => {
    const n = node();
    const frozen = Object.freeze({ rank: 1, id: 'frozen' });
    const withCycle = Object.assign(cyclic(), { rank: 1, id: 'cyclic' });
    const fnShaped = Object.assign(() => 1, { rank: 1, id: 'fn' });
    const payload = JSON.parse('{"rank":1,"id":"proto","__proto__":{"polluted":1,"rank":99}}') as Frame;
    expect(n.sm.receiveProposal('leader2', frozen)).toMatchObject({
      _tag: 'Right',
      right: { status: 'stored' },
    });
    expect(n.sm.receiveProposal('leader3', withCycle as unknown as Frame)).toMatchObject({ _tag: 'Right' });
    expect(n.sm.receiveConfirmation('leader2', fnShaped as unknown as Frame)).toMatchObject({
      _tag: 'Right',
    });
    expect(n.sm.receiveLivenessCheck('leader2', payload)).toMatchObject({ _tag: 'Right' });
    expect(n.sm.getSnapshot().rounds.counts()).toEqual([
      { rank: 1, liveness: 1, proposals: 2, votes: 0, confirmations: 1 },
    ]);
    const stored = n.sm.getSnapshot().rounds.at(1)?.liveness.get('leader2');
    // Stored as the machine's own frozen copy, its `__proto__` key still a plain data key.
    expect(stored).toStrictEqual(payload);
    expect(stored).not.toBe(payload);
    expect(Object.isFrozen(stored)).toBe(true);
    expect(prototypeIsClean()).toBe(true);
  });

  it('runs a whole round on a __proto__-carrying proposal without polluting Object.prototype', () => {
    const scheduler = virtualScheduler();
    const n = node({ scheduler, quorum: 1, delays: { proveNextState: 50, collect: 10 } });
    const log = recordTransitions(n.sm as never);
    const payload = JSON.parse('{"rank":1,"id":"a-proto","__proto__":{"polluted":1}}') as Frame;
    n.sm.receiveProposal('a-peer', payload);
    n.sm.start();
    scheduler.schedule(() => n.sm.close(), 1100);
    scheduler.flush();
    expect(log).toContain('1060 verifying --verification_done--> collecting');
    // The fixture votes for the lowest proposer id: the payload's.
    // The machine keeps its own copy of what it is given (an equal one, `__proto__` still a data key).
    expect(n.callsTo('sendConfirmation')[0]?.args[0]).toStrictEqual(payload);
    expect(prototypeIsClean()).toBe(true);
  });

  it('a megabyte peer id is a readable peer; refusals about it stay short', () => {
    const n = node();
    expect(n.sm.receiveProposal(MEGABYTE, frame(1, 'big'))).toMatchObject({
      _tag: 'Right',
      right: { status: 'stored' },
    });
    const conflict = n.sm.receiveProposal(MEGABYTE, frame(1, 'bigger'));
    expect(isLeft(conflict) && conflict.left.reason).toBe('conflict');
    expect(n.sm.receiveVote('leader1', MEGABYTE, ballot(1, MEGABYTE, 'f1'))).toMatchObject({ _tag: 'Right' });
    const equivocation = n.sm.receiveVote('leader1', MEGABYTE, ballot(1, MEGABYTE, 'f2'));
    expect(isLeft(equivocation) && equivocation.left.reason).toBe('equivocation');
    // A refusal is logged and published: an attacker-sized id must not make it megabytes long.
    expect(n.rejections.map((r) => r.message.length)).toEqual([expect.any(Number), expect.any(Number)]);
    for (const r of n.rejections) expect(r.message.length).toBeLessThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// io-ts codecs for the fixture's types: refusals name the field path and the expected type.

const NonNegativeInt = new t.Type<number, number, unknown>(
  'NonNegativeInt',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const PeerId = new t.Type<string, string, unknown>(
  'PeerId',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const FrameC = t.type({ rank: NonNegativeInt, id: t.string }, 'Frame');
const BallotC = t.type({ rank: NonNegativeInt, voter: t.string, proposal: t.string }, 'Ballot');
const MutationsC = t.type({ rank: NonNegativeInt, id: t.string }, 'Mutations');

const codecDomain: Domain<Frame, Ballot, Peer, Mutations> = {
  state: { ...plainDomain.state, codec: FrameC },
  vote: { ...plainDomain.vote, codec: BallotC },
  peer: { ...plainDomain.peer, codec: PeerId },
  collected: { ...plainDomain.collected, codec: MutationsC },
};

describe('with io-ts codecs', () => {
  const codecNode = () => node({ domain: codecDomain });
  const vote = (fields: Record<string, unknown>) => ({ ...ballot(1, 'leader2', 'f1'), ...fields });

  it('names the path and the expected type of a BigInt rank, where io-ts PathReporter itself throws', () => {
    const hostile = vote({ rank: 10n });
    expect(() => PathReporter.report(BallotC.decode(hostile))).toThrow(/BigInt/);
    const n = codecNode();
    const rejection = expectMalformed(
      n,
      () => n.sm.receiveVote('leader1', 'leader2', hostile as never),
      'vote',
      'vote.rank',
    );
    expect(rejection.message).toBe('malformed vote: vote.rank: expected NonNegativeInt, got bigint 10n');
  });

  it.each([
    ['-1', -1, 'number -1'],
    ['1.5', 1.5, 'number 1.5'],
    ['NaN', NaN, 'number NaN'],
    ['Infinity', Infinity, 'number Infinity'],
    ['a string', '1', 'string "1"'],
    ['null', null, 'null'],
    ['a symbol', Symbol('r'), 'symbol'],
  ])('vote.rank as %s: expected NonNegativeInt', (_, rank, got) => {
    const n = codecNode();
    const rejection = expectMalformed(
      n,
      () => n.sm.receiveVote('leader1', 'leader2', vote({ rank }) as never),
      'vote',
      'vote.rank',
    );
    expect(rejection.message).toBe(`malformed vote: vote.rank: expected NonNegativeInt, got ${got}`);
  });

  it.each([
    [
      'receiveVote',
      'vote',
      'vote.voter',
      (sm: Machine) => sm.receiveVote('leader1', 'leader2', vote({ voter: 10n }) as never),
      'expected string, got bigint 10n',
    ],
    [
      'receiveProposal',
      'proposal',
      'proposal.id',
      (sm: Machine) => sm.receiveProposal('leader2', { rank: 1 } as never),
      'expected string, got nothing (missing)',
    ],
    [
      'receiveProposal',
      'proposal',
      'proposal',
      (sm: Machine) => sm.receiveProposal('leader2', null as never),
      'expected Frame, got null',
    ],
    [
      'receiveProposal',
      'proposal',
      'peer',
      (sm: Machine) => sm.receiveProposal(10n as never, frame(1)),
      'expected PeerId, got bigint 10n',
    ],
    [
      'receiveVote',
      'vote',
      'voter',
      (sm: Machine) => sm.receiveVote('leader1', '' as never, vote({})),
      'expected PeerId, got string ""',
    ],
    [
      'receiveLivenessCheck',
      'liveness',
      'collected.rank',
      (sm: Machine) => sm.receiveLivenessCheck('leader2', { rank: 10n, id: 'm' } as never),
      'expected NonNegativeInt, got bigint 10n',
    ],
    [
      'receiveConfirmation',
      'confirmation',
      'confirmation.id',
      (sm: Machine) => sm.receiveConfirmation('leader2', { rank: 1, id: Symbol('x') } as never),
      'expected string, got symbol',
    ],
  ] as const)('%s: %s refused at %s', (_, kind, field, call, problem) => {
    const n = codecNode();
    const rejection = expectMalformed(n, () => call(n.sm), kind, field);
    expect(rejection.message).toBe(`malformed ${kind}: ${field}: ${problem}`);
  });

  it('a Proxy whose getters throw is refused at its field, without running a trap', () => {
    const n = codecNode();
    // It is copied first: it has no keys, so the copy is `{}`, which the codec refuses.
    const rejection = expectMalformed(
      n,
      () => n.sm.receiveProposal('leader2', throwingGetProxy() as never),
      'proposal',
      'proposal.rank',
    );
    expect(rejection.message).not.toContain('threw');
  });

  it('names nested paths for messages through the receive Observers', () => {
    const n = codecNode();
    const surface = SURFACES[1]!;
    const rejection = expectObserverRefuses(
      n,
      surface,
      { proposer: 'leader1', voter: 'leader2', vote: vote({ rank: 10n }) },
      'vote.rank',
    );
    expect(rejection.message).toBe('malformed vote: vote.rank: expected NonNegativeInt, got bigint 10n');
    expectObserverStillStores(n, surface);
  });

  describe.each(SURFACES)('$method', (surface) => {
    surface.fields.forEach((field, index) => {
      it.each(names(HOSTILE_VALUES))(`as ${field}: %s is refused at a path under ${field}`, (_, value) => {
        const n = codecNode();
        const before = n.sm.getSnapshot();
        let answer: Answer | undefined;
        expect(() => (answer = surface.invoke(n.sm, withArg(surface.valid, index, value)))).not.toThrow();
        if (typeof value === 'string' && value.length > 0 && surface.peers.includes(field)) {
          expect(answer && isRight(answer)).toBe(true);
          return;
        }
        expect(answer && isLeft(answer) && answer.left.details).toMatchObject({
          reason: 'malformed',
          kind: surface.kind,
        });
        const details = answer && isLeft(answer) ? answer.left.details : undefined;
        expect(details && 'field' in details && details.field).toMatch(new RegExp(`^${field}(\\.|$)`));
        expect(n.sm.getSnapshot()).toBe(before);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: anything at all, in any argument position.

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'rank',
  'id',
  'voter',
  'proposal',
  'peer',
  'then',
  'toString',
];
// fast-check inspects every value it generates (`in` on objects), which a hostile Proxy turns into
// a throw inside fast-check itself; so the named hostile values are injected inside the property.
const anything = fc.oneof(
  fc.anything({
    key: fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_KEYS)),
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  }),
  fc.string().map((s) => Symbol(s)),
  fc.func(fc.anything()),
);
// Mostly-valid shapes with hostile parts, so both answers (Left and Right) are exercised.
const rankLike = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 16 }), weight: 3 },
  { arbitrary: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.double(), fc.bigInt(), anything), weight: 1 },
);
const textLike = fc.oneof(
  { arbitrary: fc.constantFrom('leader1', 'leader2', 'leader3', 'f1'), weight: 3 },
  { arbitrary: fc.oneof(fc.constant(''), fc.string(), anything), weight: 1 },
);
const itemLike = (kind: ReceiveSurface['kind']) =>
  fc.oneof(
    {
      arbitrary:
        kind === 'vote'
          ? fc.record({ rank: rankLike, voter: textLike, proposal: textLike })
          : fc.record({ rank: rankLike, id: textLike }),
      weight: 3,
    },
    { arbitrary: anything, weight: 1 },
  );
/** A surface and arguments for it: peers where it takes peers, items where it takes items. */
const callLike = fc
  .constantFrom(...SURFACES)
  .chain((surface) =>
    fc.tuple(
      fc.constant(surface),
      fc.tuple(...surface.fields.map((f) => (surface.peers.includes(f) ? textLike : itemLike(surface.kind)))),
    ),
  );

/** Where to put one of HOSTILE_VALUES: an argument position, optionally one of its fields. */
const injection = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  {
    arbitrary: fc.record({
      position: fc.nat(2),
      hostile: fc.nat(HOSTILE_VALUES.length - 1),
      field: fc.option(fc.constantFrom('rank', 'id', 'voter', 'proposal')),
    }),
    weight: 1,
  },
);
type Injection = { position: number; hostile: number; field: string | null } | null;

function inject(args: readonly unknown[], at: Injection): unknown[] {
  if (at === null) return [...args];
  const value = HOSTILE_VALUES[at.hostile]!.value;
  const original = args[at.position];
  const replaced =
    at.field === null
      ? value
      : typeof original === 'object' && original !== null
        ? { ...(original as object), [at.field]: value }
        : { [at.field]: value };
  return withArg(args, at.position, replaced);
}

describe.each([
  ['the plain domain', plainDomain],
  ['io-ts codecs', codecDomain],
])('property: any values through any receive entry (%s)', (_, domain) => {
  it('never throws; a refusal changes nothing and is published; only an acceptance may change the snapshot', () => {
    const answers = { Left: 0, Right: 0 };
    fc.assert(
      fc.property(
        callLike,
        fc.constantFrom('method', 'fields', 'whole'),
        injection,
        ([surface, generated], via, at) => {
          const args = inject(generated, at);
          const n = node({ domain });
          const before = n.sm.getSnapshot();
          if (via !== 'method') {
            const message = via === 'whole' ? args[0] : messageOf(surface, args);
            expect(() => surface.observer(n.sm).next(message)).not.toThrow();
            if (n.rejections.length > 0) expect(n.sm.getSnapshot()).toBe(before);
            expect(n.rejections.length).toBeLessThanOrEqual(1);
          } else {
            let answer: Answer | undefined;
            expect(() => (answer = surface.invoke(n.sm, args))).not.toThrow();
            expect(answer === undefined ? undefined : answer._tag).toMatch(/^(Left|Right)$/);
            if (answer !== undefined) answers[answer._tag] += 1;
            if (answer !== undefined && isLeft(answer)) {
              expect(answer.left).toBeInstanceOf(Rejection);
              expect(n.sm.getSnapshot()).toBe(before);
              expect(n.rejections).toEqual([answer.left]);
            } else {
              expect(n.rejections).toEqual([]);
            }
          }
          // The receive side keeps working (a sender no generated call uses).
          const probe = surface.another.map((arg, i) =>
            surface.peers.includes(surface.fields[i]!) ? 'probe' : arg,
          );
          expect(surface.invoke(n.sm, probe)).toMatchObject({ _tag: 'Right', right: { status: 'stored' } });
          expect(prototypeIsClean()).toBe(true);
          n.sm.close();
        },
      ),
      { numRuns: 400 },
    );
    // Both answers were exercised, not only refusals.
    expect(answers.Left).toBeGreaterThan(20);
    expect(answers.Right).toBeGreaterThan(5);
  });

  it('any value as an event never throws; anything but a known event is malformed', () => {
    fc.assert(
      fc.property(fc.oneof(anything, fc.constantFrom(...ALL_EVENTS)), injection, (generated, at) => {
        const value = at === null ? generated : HOSTILE_VALUES[at.hostile]!.value;
        const n = node({ domain });
        const before = n.sm.getSnapshot();
        let answer: Answer | undefined;
        expect(() => (answer = n.sm.sendEvent(value as never))).not.toThrow();
        if (answer !== undefined && isLeft(answer)) {
          expect(n.sm.getSnapshot()).toBe(before);
          expect(answer.left.reason).toBe(
            (ALL_EVENTS as readonly unknown[]).includes(value) ? 'no_transition' : 'malformed',
          );
        } else {
          expect(value).toBe('start');
        }
        n.sm.close();
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile provider answers. SPEC 5: any provider failure is reported and answered with
// induce_sync; it never kills the machine. A provider answering a value of the wrong shape is
// such a failure (the loading state already treats one as a failed sync and retries).

describe('hostile provider answers', () => {
  const DELAYS = { synchronize: 10, proveNextState: 50, collect: 10 };

  function runWith(overrides: FixtureOptions['overrides'], until: number) {
    const scheduler = virtualScheduler();
    const n = node({ scheduler, delays: DELAYS, overrides });
    const log = recordTransitions(n.sm as never);
    n.sm.start();
    scheduler.schedule(() => n.sm.close(), until);
    expect(() => scheduler.flush()).not.toThrow();
    return { ...n, log };
  }

  let leaderCalls = 0;
  it.each([
    [
      'getNextLeaders answering a number while collecting',
      {
        getNextLeaders: () => (leaderCalls++ === 0 ? ['leader1', 'leader2', 'leader3'] : 42),
      },
      '1020 collecting --induce_sync--> loading',
    ],
    [
      'decideAndSendVote answering null',
      { decideAndSendVote: () => null },
      '1070 voting --induce_sync--> loading',
    ],
    [
      'finalizeVotes answering null',
      { finalizeVotes: () => null },
      '1070 finalizing --induce_sync--> loading',
    ],
  ] as const)('%s is a provider failure: reported, induce_sync, still running', (_, overrides, expected) => {
    leaderCalls = 0;
    const n = runWith(overrides as FixtureOptions['overrides'], 1075);
    expect(n.log).toContain(expected);
    expect(n.sm.getSnapshot().fault).toBeNull();
    expect(n.errors.length).toBeGreaterThan(0);
  });
});
