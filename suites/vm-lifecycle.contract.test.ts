// Conformance area "vm-lifecycle" (suites/areas.ts): the emulator in-process by default, or XAPI_URL.
import { describeArea } from './support/describe-properties.ts';

describeArea('vm-lifecycle');
