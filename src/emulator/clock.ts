// Time source of the emulator. Injectable so tests can move time (idle timeouts, last_active) without
// sleeping; the default is the wall clock.

export interface Clock {
  now(): Date;
  /** now() in ms, without a Date (every call's session check reads the time: issue 16). */
  nowMs?(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: Date.now };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  nowMs(): number {
    return this.#ms;
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}
