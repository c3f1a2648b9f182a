import { describeValue } from '../../src/guard/describe';
import { readableLabel } from '../../src/viz/readable-label';

describe('describing values: two functions, two guarantees', () => {
  const peer = { id: 'v1', toJSON: () => ({ id: 'v1!' }) };

  it('readableLabel shows a trusted value in full, through its toJSON', () => {
    expect(readableLabel('v1')).toBe('v1');
    expect(readableLabel(peer)).toBe('{"id":"v1!"}');
    expect(readableLabel('x'.repeat(100))).toHaveLength(100);
  });

  it('describeValue never calls user code and stays short', () => {
    const hostile = {
      toJSON: () => {
        throw new Error('called');
      },
    };
    expect(describeValue(hostile)).toBe('object');
    expect(describeValue(peer)).toBe('object');
    expect(describeValue('v1')).toBe('string "v1"');
    expect(describeValue('x'.repeat(100)).length).toBeLessThan(70);
  });
});
