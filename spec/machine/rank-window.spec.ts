import { DEFAULT_RANK_WINDOW, rankStanding, withinRankWindow } from '../../src/machine/rank-window';
import { DEFAULT_RANK_WINDOW as INBOUND_DEFAULT } from '../../src/inbound/guarded-inbound';

describe('the rank window', () => {
  it('refuses ranks at or below the active one as stale', () => {
    expect(rankStanding(4, 5, 16)).toBe('stale');
    expect(rankStanding(5, 5, 16)).toBe('stale');
  });

  it('takes the window ranks after the active one, and refuses the one beyond', () => {
    expect(rankStanding(6, 5, 16)).toBe('within');
    expect(rankStanding(21, 5, 16)).toBe('within');
    expect(rankStanding(22, 5, 16)).toBe('too_far_ahead');
  });

  it('answers withinRankWindow from the same rule', () => {
    expect([5, 6, 21, 22].map((rank) => withinRankWindow(rank, 5, 16))).toEqual([false, true, true, false]);
  });

  it('has one default, read by the guarded inbound path as well', () => {
    expect(DEFAULT_RANK_WINDOW).toBe(16);
    expect(INBOUND_DEFAULT).toBe(DEFAULT_RANK_WINDOW);
  });
});
