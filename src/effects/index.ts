/**
 * The entry behaviour of each state, in the order a round runs. `starting` and `stopped` have
 * none: starting moves on by its timeout, stopped waits for `start`.
 */
import { MachineState } from '../machine/states';
import type { StateEffect } from './context';
import { collecting } from './collecting';
import { finalizing } from './finalizing';
import { livenessCheck } from './liveness-check';
import { loading } from './loading';
import { proving } from './proving';
import { publishing } from './publishing';
import { stopping } from './stopping';
import { verifying } from './verifying';
import { voting } from './voting';

export const STATE_EFFECTS: Readonly<Partial<Record<MachineState, StateEffect>>> = Object.freeze({
  [MachineState.Loading]: loading,
  [MachineState.Collecting]: collecting,
  [MachineState.LivenessCheck]: livenessCheck,
  [MachineState.Proving]: proving,
  [MachineState.Publishing]: publishing,
  [MachineState.Voting]: voting,
  [MachineState.Finalizing]: finalizing,
  [MachineState.Verifying]: verifying,
  [MachineState.Stopping]: stopping,
});

export type { EffectContext, StateEffect } from './context';
