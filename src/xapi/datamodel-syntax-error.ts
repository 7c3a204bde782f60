// The datamodel's texts the harness parses (type strings, field defaults; xenapi.json) fail alike: the text as
// given, and why it does not parse. Each parser names its own kind and code.
import { HarnessError } from './harness-errors.ts';

/** A datamodel text that does not parse; `what` names the kind of text in the message ("XAPI type"). */
export abstract class DatamodelSyntaxError extends HarnessError {
  constructor(
    what: string,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`invalid ${what} "${text}": ${reason}`);
  }
}
