/** Time source for timestamps, so tests can reason about ages without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
