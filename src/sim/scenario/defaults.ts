/**
 * Building a full scenario from the few fields a caller cares about: everything left out gets a
 * quiet default (a synchronous network, no faults, 10 simulated seconds).
 */
import type { LinkFaults, NetworkSpec, ProtocolSpec, RunLength, Scenario } from './types';

export const SYNCHRONOUS_LINK: LinkFaults = {
  latency: { kind: 'uniform', min: 1, max: 20 },
  loss: 0,
  duplicate: 0,
  reorder: 0,
};

/** Nodes leave `starting` after 50 ms (the engine's default is 1 s), so short runs spend their time in rounds. */
export const DEFAULT_PROTOCOL: ProtocolSpec = { roundTimeout: 500, timeouts: { starting: 50 } };

export const DEFAULT_RUN: RunLength = { duration: 10_000, rounds: null, afterFaults: null };

export interface ScenarioInput {
  readonly seed?: number;
  readonly nodes: number;
  readonly byzantine?: Scenario['byzantine'];
  readonly network?: Partial<NetworkSpec>;
  readonly partitions?: Scenario['partitions'];
  readonly crashes?: Scenario['crashes'];
  readonly run?: Partial<RunLength>;
  readonly protocol?: Partial<ProtocolSpec>;
}

export function scenario(input: ScenarioInput): Scenario {
  return {
    seed: input.seed ?? 0,
    nodes: input.nodes,
    byzantine: input.byzantine ?? [],
    network: { ...SYNCHRONOUS_LINK, links: [], ...input.network },
    partitions: input.partitions ?? [],
    crashes: input.crashes ?? [],
    run: { ...DEFAULT_RUN, ...input.run },
    protocol: { ...DEFAULT_PROTOCOL, ...input.protocol },
  };
}
