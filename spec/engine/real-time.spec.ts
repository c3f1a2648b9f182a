/**
 * In real time, a machine whose providers all answer at once still lets the event loop run:
 * its end-of-instant checks are macrotasks, so timers and I/O get their turn between rounds.
 * (A real-time property, so this spec waits on real timers: about 20 ms.)
 */
import { asyncScheduler } from 'rxjs';
import { createFixture } from '../support/fixture';

describe('a machine in real time', () => {
  it('never starves timers or I/O, even with instant providers', async () => {
    const f = createFixture({ scheduler: asyncScheduler, timeouts: { starting: 0 } });
    f.sm.start();
    const ranksSeen: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Each of these waits needs the event loop to reach its timers phase.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      ranksSeen.push(f.sm.getSnapshot().activeRank);
    }
    f.sm.close();
    expect(f.errors).toEqual([]);
    // The machine ran rounds between the timers, and the timers ran between its rounds.
    expect(ranksSeen[ranksSeen.length - 1]).toBeGreaterThan(ranksSeen[0]!);
    expect(new Set(ranksSeen).size).toBeGreaterThan(1);
  });
});
