/** stopping: nothing of the round survives a stop (effects are cancelled by leaving), so cleanup is done at once. */
import { of } from 'rxjs';
import { MachineEvent } from '../machine/states';
import type { StateEffect } from './context';

export const stopping: StateEffect = (ctx) => of(ctx.emit(MachineEvent.CleanupComplete));
