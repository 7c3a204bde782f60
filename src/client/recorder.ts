// Keeps every call the client makes, for reports and for replaying a failure by hand. Secrets are masked
// when a call is recorded, so they never sit in memory here (mask-secrets.ts). Bounded: a long load run
// keeps the most recent `capacity` calls (ring) or the first ones (head), and counts the rest.
import type { JsonSafeLimits, JsonValue } from './json-safe.ts';
import { isLoginMethod, maskResult, maskSecrets, maskSessionRef } from './mask-secrets.ts';

export type RecordedOutcome =
  | { readonly kind: 'ok'; readonly value: JsonValue }
  | { readonly kind: 'failure'; readonly code: string; readonly params: readonly string[] }
  | { readonly kind: 'transport'; readonly code: string; readonly message: string; readonly status?: number };

export interface RecordedCall {
  readonly seq: number;
  readonly method: string;
  readonly params: readonly JsonValue[];
  readonly outcome: RecordedOutcome;
  /** ISO 8601 time the request was sent. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** The session used, shortened (session refs are secrets). */
  readonly session?: string;
  readonly target?: string;
}

/** What the client hands the recorder: raw values, masked here. */
export interface CallRecordInput {
  readonly method: string;
  readonly params: readonly unknown[];
  /** Declared param names in wire order, when the schema knows the method (drives masking). */
  readonly paramNames?: readonly string[];
  readonly outcome:
    | { readonly kind: 'ok'; readonly value: unknown }
    | { readonly kind: 'failure'; readonly code: string; readonly params: readonly string[] }
    | {
        readonly kind: 'transport';
        readonly code: string;
        readonly message: string;
        readonly status?: number;
      };
  /** Epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly session?: string;
  readonly target?: string;
}

export interface RecorderOptions {
  /** Calls kept. Default 10 000. */
  readonly capacity?: number;
  /** 'ring' keeps the most recent calls (default); 'head' keeps the first ones. */
  readonly mode?: 'ring' | 'head';
  /** Size limits for recorded params and results. */
  readonly limits?: JsonSafeLimits;
  /** Called with every call once masked, kept or not (e.g. to stream a log of a long run to disk). */
  readonly onCall?: (call: RecordedCall) => void;
}

export interface RecorderJson {
  readonly capacity: number;
  readonly mode: 'ring' | 'head';
  readonly total: number;
  readonly dropped: number;
  readonly calls: readonly RecordedCall[];
}

const MAX_KNOWN_SESSIONS = 100_000;

export class Recorder {
  readonly capacity: number;
  readonly mode: 'ring' | 'head';
  private readonly limits: JsonSafeLimits | undefined;
  private readonly onCall: ((call: RecordedCall) => void) | undefined;
  private buf: RecordedCall[] = [];
  /** Index of the oldest entry once the ring is full. */
  private start = 0;
  private seq = 0;
  /**
   * Session refs this recorder has seen (login results, the session of each call). Any recorded string
   * equal to one is shortened wherever it appears: as `self` of session.get_record, in SESSION_INVALID's
   * params, in session lists. Bounded; the oldest are forgotten first.
   */
  private readonly knownSessions = new Set<string>();

  constructor(options: RecorderOptions = {}) {
    const capacity = options.capacity ?? 10_000;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`Recorder capacity must be >= 1: ${capacity}`);
    this.capacity = capacity;
    this.mode = options.mode ?? 'ring';
    this.limits = options.limits;
    this.onCall = options.onCall;
  }

  /** Calls seen so far, recorded or not. */
  get total(): number {
    return this.seq;
  }

  /** Calls not kept because of the capacity. */
  get dropped(): number {
    return this.seq - this.buf.length;
  }

  /** Kept calls, oldest first. */
  get calls(): readonly RecordedCall[] {
    if (this.start === 0) return this.buf.slice();
    return [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
  }

  record(input: CallRecordInput): RecordedCall {
    this.seq += 1;
    this.learnSessions(input);
    const call = this.mask(input, this.seq);
    if (this.buf.length < this.capacity) {
      this.buf.push(call);
    } else if (this.mode === 'ring') {
      this.buf[this.start] = call;
      this.start = (this.start + 1) % this.capacity;
    }
    this.onCall?.(call);
    return call;
  }

  clear(): void {
    this.knownSessions.clear();
    this.buf = [];
    this.start = 0;
    this.seq = 0;
  }

  toJSON(): RecorderJson {
    return {
      capacity: this.capacity,
      mode: this.mode,
      total: this.total,
      dropped: this.dropped,
      calls: this.calls,
    };
  }

  private learnSessions(input: CallRecordInput): void {
    const o = input.outcome;
    if (input.session !== undefined) this.remember(input.session);
    if (o.kind === 'ok' && typeof o.value === 'string' && isLoginMethod(input.method)) this.remember(o.value);
  }

  private remember(ref: string): void {
    if (this.knownSessions.has(ref)) return;
    if (this.knownSessions.size >= MAX_KNOWN_SESSIONS) {
      const oldest = this.knownSessions.values().next();
      if (oldest.done !== true) this.knownSessions.delete(oldest.value);
    }
    this.knownSessions.add(ref);
  }

  /** Shortens a known session ref; the bound function is created once. */
  private readonly hide = (s: string): string => (this.knownSessions.has(s) ? maskSessionRef(s) : s);

  private mask(input: CallRecordInput, seq: number): RecordedCall {
    const o = input.outcome;
    const outcome: RecordedOutcome =
      o.kind === 'ok'
        ? { kind: 'ok', value: maskResult(input.method, o.value, this.limits, this.hide) }
        : o.kind === 'failure'
          ? {
              kind: 'failure',
              code: o.code,
              params: o.params.map(this.hide),
            }
          : {
              kind: 'transport',
              code: o.code,
              message: o.message,
              ...(o.status === undefined ? {} : { status: o.status }),
            };
    return {
      seq,
      method: input.method,
      params: maskSecrets(input.method, input.params, input.paramNames, this.limits, this.hide),
      outcome,
      startedAt: new Date(input.startedAt).toISOString(),
      durationMs: input.durationMs,
      ...(input.session === undefined ? {} : { session: maskSessionRef(input.session) }),
      ...(input.target === undefined ? {} : { target: input.target }),
    };
  }
}
