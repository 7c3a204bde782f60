// Converts the client's Recorder entries into report steps. The Recorder lives in src/client (issue 2 §4);
// this accepts its outcome in the usual result-value spellings so that reports do not break if the client
// renames a field: {kind}, {ok, value | failure | error}, or xapi's own {Status, Value | ErrorDescription}.
import type { CallOutcome, CallStep, ExpectedOutcome } from './call-step.ts';
import { maskSecrets } from './mask-secrets.ts';

/** The minimum a recorded call must provide. */
export interface RecordedCallLike {
  readonly seq: number;
  readonly method: string;
  readonly params: readonly unknown[];
  readonly outcome: unknown;
  /** Epoch ms, a Date, or an ISO 8601 string (the client's RecordedCall). */
  readonly startedAt: number | Date | string;
  readonly durationMs: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

function failureFrom(v: unknown): CallOutcome | undefined {
  if (!isRecord(v)) return undefined;
  if (v['name'] === 'TransportError' || v['kind'] === 'transport') {
    const message = typeof v['message'] === 'string' ? v['message'] : 'no answer';
    const code = typeof v['code'] === 'string' ? v['code'] : undefined;
    // The client's TransportError codes (ECONNREFUSED, TIMEOUT, TLS, ...) lead the message when it lacks them.
    return {
      kind: 'transport',
      message: code !== undefined && !message.includes(code) ? `${code}: ${message}` : message,
    };
  }
  const code = v['code'];
  if (typeof code === 'string') {
    const params = Array.isArray(v['params']) ? v['params'].map(String) : [];
    return { kind: 'failure', code, params };
  }
  const description = v['ErrorDescription'] ?? v['errorDescription'];
  if (Array.isArray(description) && description.length > 0) {
    return { kind: 'failure', code: String(description[0]), params: description.slice(1).map(String) };
  }
  return undefined;
}

/** Normalises one recorded outcome; anything unrecognised is kept as a success value, never dropped. */
export function normalizeOutcome(outcome: unknown): CallOutcome {
  if (isRecord(outcome)) {
    const kind = outcome['kind'];
    // src/client/recorder.ts RecordedOutcome spells success `ok`.
    if (kind === 'success' || kind === 'ok') return { kind: 'success', value: outcome['value'] };
    if (kind === 'failure' || kind === 'transport') {
      const f = failureFrom(outcome);
      if (f !== undefined) return f;
    }
    if (outcome['ok'] === true) return { kind: 'success', value: outcome['value'] };
    if (outcome['ok'] === false) {
      const f = failureFrom(outcome['failure']) ?? failureFrom(outcome['error']) ?? failureFrom(outcome);
      if (f !== undefined) return f;
      return { kind: 'transport', message: 'unrecognised failure outcome' };
    }
    const status = outcome['Status'] ?? outcome['status'];
    if (status === 'Success') return { kind: 'success', value: outcome['Value'] ?? outcome['value'] };
    if (status === 'Failure') {
      const f = failureFrom(outcome);
      if (f !== undefined) return f;
    }
    const f = failureFrom(outcome);
    if (f !== undefined && (outcome instanceof Error || 'code' in outcome)) return f;
  }
  return { kind: 'success', value: outcome };
}

/** One Recorder entry as a report step; parameters are masked again (mask-secrets.ts says why). */
export function callStepFromRecord(
  record: RecordedCallLike,
  extra: { readonly expected?: ExpectedOutcome; readonly violation?: boolean } = {},
): CallStep {
  const startedAt =
    record.startedAt instanceof Date
      ? record.startedAt.getTime()
      : typeof record.startedAt === 'string'
        ? Date.parse(record.startedAt)
        : record.startedAt;
  return {
    seq: record.seq,
    method: record.method,
    params: maskSecrets(record.method, record.params),
    outcome: normalizeOutcome(record.outcome),
    startedAt,
    durationMs: record.durationMs,
    ...(extra.expected !== undefined ? { expected: extra.expected } : {}),
    ...(extra.violation === true ? { violation: true } : {}),
  };
}
