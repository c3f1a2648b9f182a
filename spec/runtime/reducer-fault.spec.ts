/**
 * The reducer is total: no input it is given makes it throw. If a bug ever broke that, the machine
 * must stop with the reason kept and reported, answer the caller with a fault, and leave nothing
 * of the state it was in running. The reducer is replaced here by one that throws on a chosen
 * input (the only way to reach that path from outside).
 */
import { isLeft } from 'fp-ts/Either';
import { NEVER } from 'rxjs';
import { MachineState as S, type Outcome } from '../../src';
import type { Input } from '../../src/engine/inputs';
import { createFixture, frame, virtualScheduler } from '../support/fixture';

let mockBreaksOn: ((input: Input<unknown, unknown, unknown, unknown>) => boolean) | null = null;

jest.mock('../../src/engine/reducer', () => {
  const actual = jest.requireActual<typeof import('../../src/engine/reducer')>('../../src/engine/reducer');
  return {
    ...actual,
    createReducer: (config: Parameters<typeof actual.createReducer>[0]) => {
      const reduce = actual.createReducer(config);
      return (...args: Parameters<typeof reduce>) => {
        if (mockBreaksOn?.(args[1]) === true) throw new Error('invariant broken');
        return reduce(...args);
      };
    },
  };
});

afterEach(() => {
  mockBreaksOn = null;
});

describe('a reducer that throws', () => {
  it('stops the machine with the reason, answers the caller with the fault, and cancels the state it was in', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      leaders: ['someone-else'],
      overrides: { collect: () => NEVER },
      timeouts: { [S.Collecting]: 50 },
    });
    f.sm.start();
    f.sm.sendEvent('init_complete');
    f.sm.sendEvent('sync_complete');
    expect(f.sm.getState()).toBe(S.Collecting);

    mockBreaksOn = (input) => input.type === 'inbound' && input.rank === 7;
    const outcomes: Outcome[] = [];
    f.sm.outcome$.subscribe((o) => outcomes.push(o));
    const answer = f.sm.receiveProposal('n2', frame(7));

    expect(isLeft(answer) && answer.left.details).toEqual({
      reason: 'fault',
      message: 'reducer: Error: invariant broken',
    });
    expect(f.sm.getState()).toBe(S.Stopped);
    expect(f.sm.getSnapshot().fault).toBe('reducer: Error: invariant broken');
    expect(f.errors.map((e) => e.message)).toEqual(['engine invariant broken; the machine is stopped']);

    // Collecting's timeout (50 ms) and its pending collect are gone with it: nothing more happens
    // (but the end-of-instant settle of the data stored before, which changes nothing).
    const callsAtFault = f.calls.length;
    scheduler.flush();
    expect(outcomes.map((o) => o.type)).toEqual(['fault', 'settled']);
    expect(f.sm.getSnapshot().transitionCount).toBe(3);
    expect(f.calls).toHaveLength(callsAtFault);
    expect(f.sm.getState()).toBe(S.Stopped);
  });
});
