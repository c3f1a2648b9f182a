import fc from 'fast-check';
import { MinQueue } from '../../src/transport/min-queue';

describe('MinQueue', () => {
  it('pops in (time, insertion) order whatever the pushes and pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 300 }),
        (ops) => {
          const queue = new MinQueue<number>();
          const model: { time: number; id: number }[] = [];
          let id = 0;
          for (const op of ops) {
            if (op >= 0) {
              queue.push(op, id);
              model.push({ time: op, id: id++ });
            } else if (model.length > 0) {
              model.sort((a, b) => a.time - b.time || a.id - b.id);
              const expected = model.shift()!;
              expect(queue.peekTime()).toBe(expected.time);
              expect(queue.pop()).toBe(expected.id);
            }
            expect(queue.size).toBe(model.length);
          }
        },
      ),
    );
  });

  it('reports Infinity when empty and hands everything to clear', () => {
    const queue = new MinQueue<string>();
    expect(queue.peekTime()).toBe(Infinity);
    for (let i = 0; i < 100; i++) queue.push(i % 7, `m${i}`);
    const cleared: string[] = [];
    queue.clear((item) => cleared.push(item));
    expect(cleared).toHaveLength(100);
    expect(queue.size).toBe(0);
  });
});
