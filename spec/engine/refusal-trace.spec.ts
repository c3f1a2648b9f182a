/** Every refusal is folded like any input: traced, published on rejection$, and the snapshot unchanged. */
import { MachineEvent, type Rejection } from '../../src';
import { ballot, createFixture, virtualScheduler } from '../support/fixture';

describe('refused input', () => {
  it('traces an event with no row, publishes it and changes nothing', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler });
    const refused: Rejection<unknown, unknown>[] = [];
    f.sm.rejection$.subscribe((r) => refused.push(r));
    const before = f.sm.getSnapshot();
    const answer = f.sm.sendEvent(MachineEvent.QuorumReached);
    expect(answer._tag).toBe('Left');
    expect(f.sm.getSnapshot()).toBe(before);
    expect(refused.map((r) => r.details)).toEqual([
      { reason: 'no_transition', state: 'stopped', event: 'quorum_reached' },
    ]);
    expect(f.traces).toContain('refused: no transition from stopped on quorum_reached');
  });

  it('traces input refused before it could be read, in order with the rest', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler });
    f.sm.sendEvent('no such event' as MachineEvent);
    f.sm.receiveVote('n1', 'v2', { rank: 'one' } as unknown as ReturnType<typeof ballot>);
    f.sm.receive.vote.next(null as never);
    const refusals = f.traces.filter((t) => t.startsWith('refused: '));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toMatch(/^refused: malformed event: event: not a machine event/);
    expect(refusals[1]).toMatch(/^refused: malformed vote: vote/);
    expect(refusals[2]).toMatch(/^refused: malformed vote: proposer/);
  });
});
