// The only module that reads the wall clock. Everything else receives `now` from a Clock.

/** Unix seconds. */
export type UnixSeconds = number;

export interface Clock {
  now(): UnixSeconds;
}

export const systemClock: Clock = {
  now: () => Math.floor(Date.now() / 1000),
};

/** High-resolution milliseconds for measuring durations (benchmarks, timings), never for billing. */
export const monotonicMs = (): number => performance.now();

/** A clock that stays where it is put; used by tests and by test clocks. */
export class FixedClock implements Clock {
  constructor(private current: UnixSeconds) {}
  now(): UnixSeconds {
    return this.current;
  }
  set(to: UnixSeconds): void {
    this.current = to;
  }
  advance(seconds: number): void {
    this.current += seconds;
  }
}
