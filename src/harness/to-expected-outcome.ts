// The model's expectation in the results format (src/results/call-step.ts).
import type { Expected, ParamMatcher } from '../model/index.ts';
import { shapeToString } from '../model/index.ts';
import type { ExpectedOutcome } from '../results/index.ts';

function paramText(p: ParamMatcher): string {
  if (typeof p === 'string') return p;
  switch (p.kind) {
    case 'anyParam':
      return '_';
    case 'refParam':
      return '<ref>';
    case 'oneOfParam':
      return p.values.join('|');
  }
}

export function toExpectedOutcome(e: Expected): ExpectedOutcome {
  switch (e.kind) {
    case 'success':
      return { kind: 'success', shape: shapeToString(e.shape) };
    case 'failure':
      return e.params === undefined
        ? { kind: 'failure', code: e.code }
        : { kind: 'failure', code: e.code, params: e.params.map(paramText) };
    case 'oneOf':
      return { kind: 'any-of', options: e.options.map(toExpectedOutcome) };
    case 'unpredictable':
      return { kind: 'success', shape: `anything (${e.why})` };
  }
}
