/** stopping: nothing of the round survives a stop (effects are cancelled by leaving), so cleanup is done at once. */
import { of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import type { StateEffect } from './context';

export const stopping: StateEffect = (ctx) => {
  // Vote decisions outlive their voting entry, not a stop.
  ctx.decisions.close();
  return of(ctx.emit(MachineEvent.CleanupComplete));
};
