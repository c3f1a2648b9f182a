/** What folding one input did: the reducer's answer next to the new snapshot. */
import type { MachineEvent, MachineState } from '../machine/states';
import type { InboundKind } from './inputs';
import type { RejectionDetails } from './rejection';

export interface TransitionRecord {
  readonly from: MachineState;
  readonly to: MachineState;
  readonly event: MachineEvent;
  /** Scheduler time of the transition, in milliseconds. */
  readonly at: number;
}

export type Outcome =
  /** A real transition: exit, entry, fresh timeout and effects. */
  | { readonly type: 'transition'; readonly transition: TransitionRecord }
  /** An internal row: the state stays, its condition is re-evaluated at the end of the instant. */
  | { readonly type: 'internal'; readonly event: MachineEvent; readonly stored?: InboundKind }
  /** Inbound data stored; its event has no row in the current state (data for later). */
  | { readonly type: 'stored'; readonly kind: InboundKind }
  /** The identical message again: nothing changed. */
  | { readonly type: 'duplicate'; readonly kind: InboundKind }
  /** A state effect's data update applied. */
  | { readonly type: 'updated' }
  | { readonly type: 'rejected'; readonly rejection: RejectionDetails }
  /** Output of a state entry that has been left since: dropped. */
  | { readonly type: 'ignored'; readonly reason: string }
  | { readonly type: 'settled' }
  /** The reducer broke an invariant: the machine stops. */
  | { readonly type: 'fault'; readonly error: unknown };
