/** The shape checks for provider answers: each names what it expected and what it got. */
import { boolean, leaders, present, withFields } from '../../src/effects/answers';

describe('provider answer checks', () => {
  it('present: any value but null and undefined', () => {
    for (const ok of [0, '', false, {}, []]) expect(present(ok)).toBeNull();
    expect(present(null)).toBe('expected a value, got null');
    expect(present(undefined)).toBe('expected a value, got undefined');
  });

  it('leaders: an array', () => {
    expect(leaders([])).toBeNull();
    expect(leaders(['a'])).toBeNull();
    expect(leaders('a')).toBe('expected an array of peers, got string "a"');
    expect(leaders({ length: 1 })).toMatch(/^expected an array of peers, got /);
  });

  it('boolean: true or false only', () => {
    expect(boolean(true)).toBeNull();
    expect(boolean(false)).toBeNull();
    expect(boolean(1)).toBe('expected a boolean, got number 1');
    expect(boolean('true')).toBe('expected a boolean, got string "true"');
  });

  it('withFields: an object with every field present, naming those missing', () => {
    const check = withFields('state', 'proposer');
    expect(check({ state: 0, proposer: '' })).toBeNull();
    expect(check({ state: 1 })).toBe('answer lacks proposer');
    expect(check({ state: null, proposer: undefined })).toBe('answer lacks state, proposer');
    expect(check(null)).toBe('expected { state, proposer }, got null');
    expect(check(5)).toBe('expected { state, proposer }, got number 5');
    expect(check('x')).toBe('expected { state, proposer }, got string "x"');
  });
});
