// The model's expectation in the results format (src/results/call-step.ts).
import type { Expected } from '../model/index.ts';
import { paramToString, shapeToString } from '../model/index.ts';
import type { ExpectedOutcome } from '../results/index.ts';

export function toExpectedOutcome(e: Expected): ExpectedOutcome {
  switch (e.kind) {
    case 'success':
      return { kind: 'success', shape: shapeToString(e.shape) };
    case 'failure':
      return e.params === undefined
        ? { kind: 'failure', code: e.code }
        : { kind: 'failure', code: e.code, params: e.params.map((p) => paramToString(p, (v) => v)) };
    case 'oneOf':
      return { kind: 'any-of', options: e.options.map(toExpectedOutcome) };
    case 'unpredictable':
      return { kind: 'success', shape: `anything (${e.why})` };
  }
}
