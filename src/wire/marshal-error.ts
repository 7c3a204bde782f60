// A typed value that does not match its declared XAPI type. The emulator maps it to the error xapi
// gives for an unmarshalling failure (SEMANTICS.md §2 Dispatch: INTERNAL_ERROR, or INVALID_VALUE for
// enums); the client reports it as a contract violation. The path is built while unwinding, so the
// happy path pays nothing for it.
import { HarnessError } from '../xapi/harness-errors.ts';

export class MarshalError extends HarnessError {
  override readonly name = 'MarshalError';
  readonly code = 'MARSHAL';
  /** What the declared type was, in the datamodel's spelling ("enum vm_power_state"). */
  readonly expected: string;
  /** A short description of what was found instead. */
  readonly got: string;
  private readonly segments: string[] = [];

  constructor(expected: string, got: string) {
    super(`expected ${expected}, got ${got}`);
    this.expected = expected;
    this.got = got;
  }

  /** Where in the value the mismatch is, e.g. "[2].other_config.foo" ("" at the top). */
  get path(): string {
    return this.segments.join('');
  }

  /** Adds an outer path segment (".field" or "[i]"); used while the error propagates. */
  prepend(segment: string): this {
    this.segments.unshift(segment);
    this.message = `${this.path}: expected ${this.expected}, got ${this.got}`;
    return this;
  }
}
