// Direct access to the Allure test runtime that allure-vitest's setup file installs. Recorded calls become
// steps after the fact, so the facade's `allure.step(name, body)` (which stamps Date.now() and derives the
// status from a thrown error) cannot give them their real timing and status; the runtime's message channel
// (allure-js-commons sdk/runtime: step_start / step_metadata / step_stop) can.
import type { Parameter, Status, StatusDetails } from 'allure-js-commons';
import { getGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';

type StepMessage =
  | { readonly type: 'step_start'; readonly data: { readonly name: string; readonly start: number } }
  | {
      readonly type: 'step_metadata';
      readonly data: { readonly name?: string; readonly parameters?: Parameter[] };
    }
  | {
      readonly type: 'step_stop';
      readonly data: {
        readonly stop: number;
        readonly status: Status;
        readonly statusDetails?: StatusDetails;
      };
    };

interface MessageRuntime {
  sendMessage(message: StepMessage): Promise<void>;
}

function messageRuntime(): MessageRuntime | undefined {
  const runtime: unknown = getGlobalTestRuntime();
  if (runtime !== null && typeof runtime === 'object' && 'sendMessage' in runtime) {
    const send = runtime.sendMessage;
    if (typeof send === 'function') {
      return { sendMessage: (m) => (send as (m: StepMessage) => Promise<void>).call(runtime, m) };
    }
  }
  return undefined;
}

/**
 * True inside a vitest run with allure-vitest's setup file (a message runtime installed). Outside it, the
 * allure-js-commons facade falls back to a no-op runtime that prints a warning on every call.
 */
export function allureRuntimeActive(): boolean {
  return messageRuntime() !== undefined;
}

export interface TimedStep {
  readonly name: string;
  readonly start: number;
  readonly stop: number;
  readonly status: Status;
  readonly parameters?: readonly Parameter[];
  readonly statusDetails?: StatusDetails;
}

/**
 * Emits one finished step with its own timing, parameters and status. Outside an Allure-enabled vitest run
 * (no message runtime installed) it does nothing and returns false.
 */
export async function emitTimedStep(step: TimedStep, children?: () => Promise<void>): Promise<boolean> {
  const runtime = messageRuntime();
  if (runtime === undefined) return false;
  await runtime.sendMessage({ type: 'step_start', data: { name: step.name, start: step.start } });
  if (step.parameters !== undefined && step.parameters.length > 0) {
    await runtime.sendMessage({ type: 'step_metadata', data: { parameters: [...step.parameters] } });
  }
  if (children !== undefined) await children();
  await runtime.sendMessage({
    type: 'step_stop',
    data: {
      stop: step.stop,
      status: step.status,
      ...(step.statusDetails !== undefined ? { statusDetails: step.statusDetails } : {}),
    },
  });
  return true;
}
