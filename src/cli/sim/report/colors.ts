/** One colour per machine state for timeline bands, and the legend's order (the order a round runs). */
import { ALL_STATES, type MachineState } from '../../../machine/states';

export const STATE_COLORS: Readonly<Record<MachineState, string>> = {
  stopped: '#bdbdbd',
  starting: '#e0e0e0',
  loading: '#9575cd',
  collecting: '#64b5f6',
  liveness_check: '#4dd0e1',
  proving: '#4db6ac',
  publishing: '#81c784',
  voting: '#ffb74d',
  finalizing: '#e57373',
  verifying: '#f06292',
  stopping: '#757575',
};

export const LEGEND_STATES: readonly MachineState[] = ALL_STATES;
