// Decides what an error thrown during a property means, by the class in the one error tree
// (src/xapi/harness-errors.ts, contract-violation.ts): never by `name` or message text.
import { TransportError, XapiFailure } from '../xapi/harness-errors.ts';
import { ContractViolation, SetupError, UnexpectedPass } from './contract-violation.ts';
import type { FailureKind } from './status.ts';

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key];
}

/** The failure kind of any thrown value; unknown errors are harness bugs (`broken`), never violations. */
export function classifyError(err: unknown, depth = 0): FailureKind {
  if (err === null || typeof err !== 'object') return 'harness';
  if (err instanceof UnexpectedPass) return 'unexpected-pass';
  if (err instanceof ContractViolation) return 'contract-violation';
  if (err instanceof TransportError) return 'transport';
  if (err instanceof SetupError) return 'setup';
  // A call the harness expected to succeed failed with an XAPI error the model did not predict: the
  // endpoint contradicted the contract. Setup code that must not count as a violation wraps it in SetupError.
  if (err instanceof XapiFailure) return 'contract-violation';
  // chai / node:assert / vitest expect errors carry actual+expected or a matcherResult.
  if ('matcherResult' in err || ('actual' in err && 'expected' in err)) return 'contract-violation';
  // fast-check wraps the property's error as `cause` (fast-check lib buildError); so may callers.
  const cause = field(err, 'cause');
  if (cause !== undefined && depth < 8) return classifyError(cause, depth + 1);
  return 'harness';
}
