/**
 * The safety property over random scenarios: 4 to 10 nodes, up to f Byzantine ones with random
 * (sometimes combined) behaviours, random latency, loss, duplication, reordering, partitions and
 * crashes with restarts. In every one, no two honest nodes finalize different frames at a rank and
 * no honest node signs two different votes at a rank, across restarts too. Short runs in virtual
 * time keep 300 scenarios within CI's budget; a failure prints the scenario as JSON to replay.
 */
import * as fc from 'fast-check';
import { scenarioArbitrary } from '../../src/entries/fast-check';
import { QUICK_SPACE } from '../../src/entries/sim';
import { simulate } from '../../src/sim/simulate';

const RUNS = Number(process.env['SIM_PROPERTY_RUNS'] ?? 300);

describe('safety under attack', () => {
  it(`holds in ${RUNS} random scenarios with f < n/3 Byzantine nodes and a faulty network`, () => {
    let ran = 0;
    fc.assert(
      fc.property(scenarioArbitrary(fc, QUICK_SPACE), (scenario) => {
        ran++;
        const { verdict } = simulate(scenario);
        if (verdict.safety.length > 0)
          throw new Error(`${verdict.failures.join('\n')}\nreplay: ${JSON.stringify(scenario)}`);
      }),
      { numRuns: RUNS },
    );
    expect(ran).toBeGreaterThanOrEqual(RUNS);
  });
});
