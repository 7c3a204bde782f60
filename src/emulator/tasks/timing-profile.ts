// How long emulated operations take (issue 4, "Tasks": `--timing instant|realistic`). Under `instant`
// every operation completes within the call; under `realistic` lifecycle and storage operations take
// time and report progress in steps, so that clients can observe `pending` tasks, progress and
// current_operations, and can cancel. Tests pass their own durations.

/** 'instant', 'realistic', or a profile with some durations overridden (tests; issue 4). */
export type Timing = 'instant' | 'realistic' | TimingOverrides;

export interface TimingProfile {
  readonly name: 'instant' | 'realistic';
  /** Duration in ms by operation name ("VM.start", "VDI.copy"); `defaultMs` for the others. */
  readonly durations: Readonly<Record<string, number>>;
  /** Duration of an operation not listed in `durations`, in ms. */
  readonly defaultMs: number;
  /** Progress is published this often (ms) while an operation runs (at least one step). */
  readonly progressIntervalMs: number;
  /**
   * How long a lifecycle call waits for a conflicting operation to finish before answering
   * OTHER_OPERATION_IN_PROGRESS. xapi retries internally for up to 2 h (helpers.ml retry,
   * Policy.standard; SEMANTICS.md §4 "Concurrency").
   */
  readonly otherOperationRetryMs: number;
}

const TWO_HOURS = 2 * 3_600_000;

const INSTANT_TIMING: TimingProfile = {
  name: 'instant',
  durations: {},
  defaultMs: 0,
  progressIntervalMs: 100,
  otherOperationRetryMs: TWO_HOURS,
};

/** Orders of magnitude of a small host with local storage (not measurements of a given machine). */
const REALISTIC_TIMING: TimingProfile = {
  name: 'realistic',
  durations: {
    'VM.start': 3000,
    'VM.start_on': 3000,
    'VM.clean_shutdown': 2000,
    'VM.shutdown': 2000,
    'VM.hard_shutdown': 500,
    'VM.clean_reboot': 3000,
    'VM.hard_reboot': 1500,
    'VM.suspend': 3000,
    'VM.resume': 2500,
    'VM.resume_on': 2500,
    'VM.pause': 200,
    'VM.unpause': 200,
    'VM.clone': 1000,
    'VM.copy': 5000,
    'VM.snapshot': 1000,
    'VM.provision': 2000,
    'VM.destroy': 200,
    'VDI.copy': 5000,
    'VDI.clone': 500,
    'VDI.snapshot': 500,
    'SR.scan': 500,
  },
  defaultMs: 100,
  progressIntervalMs: 250,
  otherOperationRetryMs: TWO_HOURS,
};

/** The emulator's `timing` option as an object: a base profile name and the fields to override. */
export type TimingOverrides = Partial<TimingProfile>;

/** A profile from the emulator's `timing` option: a name, or a profile with some fields overridden. */
export function timingProfile(t: 'instant' | 'realistic' | TimingOverrides | undefined): TimingProfile {
  if (t === undefined || t === 'instant') return INSTANT_TIMING;
  if (t === 'realistic') return REALISTIC_TIMING;
  const base = t.name === 'instant' ? INSTANT_TIMING : REALISTIC_TIMING;
  return {
    ...base,
    ...t,
    durations: { ...base.durations, ...(t.durations ?? {}) },
  };
}

export function durationOf(profile: TimingProfile, operation: string): number {
  if (profile.name === 'instant') return profile.durations[operation] ?? 0;
  return profile.durations[operation] ?? profile.defaultMs;
}
