// Conformance area "schema" (suites/areas.ts): the emulator in-process by default, or XAPI_URL.
import { describeArea } from './support/describe-properties.ts';

describeArea('schema');
