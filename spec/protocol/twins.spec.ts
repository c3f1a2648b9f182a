/**
 * Twins, as in the Twins paper: n = 4, one validator run as two honest copies with one key, and
 * the five network nodes split two ways in each of three phases (16³ = 4,096 schedules). A sample
 * of them runs here; `npm run twins` runs them all. Safety must hold in every one: the view
 * change is where safety bugs hide.
 */
import { runTwinsCase, twinsCases, twinsNodes, type TwinsCase } from '../../src/entries/sim';

const ALL: TwinsCase[] = [...twinsCases(twinsNodes(4, 'v3'), 3)];
const SAMPLE = Number(process.env['TWINS_SAMPLE'] ?? 32);
const step = Math.max(1, Math.floor(ALL.length / SAMPLE));

describe('Twins', () => {
  it('enumerates 16 splits per phase: 4,096 schedules of three phases', () => {
    expect(ALL).toHaveLength(4_096);
    const firstPhase = new Set(ALL.slice(0, 16).map((c) => JSON.stringify(c.phases[0])));
    expect(firstPhase.size).toBe(16);
  });

  it(`keeps the honest validators safe in ${Math.ceil(ALL.length / step)} sampled schedules, and live once healed`, () => {
    let equivocated = 0;
    for (let i = 0; i < ALL.length; i += step) {
      const result = runTwinsCase(ALL[i]!, { seed: i, phaseMs: 150, settleMs: 600 });
      if (!result.agree || result.honestDoubleVotes > 0) throw new Error(`unsafe: ${JSON.stringify(result)}`);
      expect(result.commonRank).toBeGreaterThanOrEqual(2);
      if (result.twinDoubleVotes > 0) equivocated++;
    }
    // The twins did equivocate: the test exercised what it is about.
    expect(equivocated).toBeGreaterThan(0);
  });
});
