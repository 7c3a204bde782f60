// Decides what an error thrown during a property means. Errors cross module (and, in vitest, process)
// boundaries, so this goes by names and a `kind` field rather than `instanceof`: the client's
// TransportError / XapiFailure (src/client, issue 2 §4) are recognised by name.
import { isFailureKind, type FailureKind } from './status.ts';

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key];
}

const NAME_KIND: Readonly<Record<string, FailureKind>> = {
  ContractViolation: 'contract-violation',
  ContractViolationError: 'contract-violation',
  AssertionError: 'contract-violation',
  UnexpectedPass: 'unexpected-pass',
  UnexpectedPassError: 'unexpected-pass',
  TransportError: 'transport',
  SetupError: 'setup',
  // A call the harness expected to succeed failed with an XAPI error the model did not predict: the
  // endpoint contradicted the contract. Setup code that must not count as a violation wraps it in SetupError.
  XapiFailure: 'contract-violation',
};

/** The failure kind of any thrown value; unknown errors are harness bugs (`broken`), never violations. */
export function classifyError(err: unknown, depth = 0): FailureKind {
  if (err === null || typeof err !== 'object') return 'harness';
  const kind = field(err, 'kind');
  if (isFailureKind(kind)) return kind;
  const name = field(err, 'name');
  if (typeof name === 'string') {
    const byName = NAME_KIND[name];
    if (byName !== undefined) return byName;
  }
  // chai / node:assert / vitest expect errors carry actual+expected or a matcherResult.
  if ('matcherResult' in err || ('actual' in err && 'expected' in err)) return 'contract-violation';
  // fast-check wraps the property's error as `cause` (fast-check lib buildError); so may callers.
  const cause = field(err, 'cause');
  if (cause !== undefined && depth < 8) return classifyError(cause, depth + 1);
  return 'harness';
}
