/** The single-node example, run in virtual time: three blocks, printed transitions, a clean stop. */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createSoloMachine, runSolo } from '../../examples/single-node';

it('finalizes three blocks, prints every transition, and stops', async () => {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const lines: string[] = [];
  const machine = createSoloMachine(scheduler, (line) => lines.push(line));
  const done = runSolo(machine, 3, (line) => lines.push(line));
  scheduler.flush();
  const block = await done;
  expect(block).toEqual({ rank: 3, id: 'block-3', parent: 'block-2', items: ['item-3'] });
  expect(lines.filter((l) => l.includes('finalized'))).toEqual([
    '  finalized block-1',
    '  finalized block-2',
    '  finalized block-3',
  ]);
  expect(lines[0]).toBe('    +0 ms  stopped --start--> starting');
  expect(lines.at(-1)).toBe('  +700 ms  stopping --cleanup_complete--> stopped');
  expect(scheduler.actions).toHaveLength(0);
});
