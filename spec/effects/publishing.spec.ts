/**
 * publishing alone: send this node's own proposal for the round's rank, then `publish_complete`;
 * without one, do nothing (the state's timeout moves on).
 */
import { publishing } from '../../src/effects/publishing';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { collect, createHarness, drain, event, frame, read, testScheduler } from './harness';

const base = { state: S.Publishing, event: E.ProofComplete } as const;

describe('publishing', () => {
  it('sends its own proposal for the round in progress, then publish_complete once sent', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const h = createHarness(scheduler, {
        ...base,
        stored: [
          read.proposal('n2', frame(6, 'theirs')),
          read.proposal('n1', frame(6, 'mine')),
          read.proposal('n1', frame(7, 'later')),
        ],
        answers: { sendProposal: () => cold('----|') },
      });
      expectObservable(publishing(h.ctx)).toBe('----(a|)', { a: event(E.PublishComplete) });
      flush();
      expect(h.calls.map((c) => [c.method, c.args])).toEqual([['sendProposal', [frame(6, 'mine')]]]);
    });
  });

  it('without a proposal of its own at the round rank: nothing to send, nothing emitted', () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [read.proposal('n2', frame(6, 'theirs')), read.proposal('n1', frame(7, 'later'))],
    });
    expect(collect(publishing(h.ctx))).toEqual({ values: [], complete: true });
    expect(h.calls).toEqual([]);
  });

  it('with no data at all for the round rank: nothing to send', () => {
    const h = createHarness(testScheduler(), { ...base, stored: [read.proposal('n1', frame(7, 'later'))] });
    expect(collect(publishing(h.ctx))).toEqual({ values: [], complete: true });
    expect(h.calls).toEqual([]);
  });

  it('a failed send is a provider failure; publish_complete is not emitted', async () => {
    const h = createHarness(testScheduler(), {
      ...base,
      stored: [read.proposal('n1', frame(6))],
      answers: { sendProposal: () => Promise.reject(new Error('x')) },
    });
    const { values, error } = await drain(publishing(h.ctx));
    expect(error).toMatchObject({ provider: 'voting.sendProposal' });
    expect(values).toEqual([]);
  });
});
