// Locates ../shared/xapi (the datamodel the schema is generated from). CI has it; elsewhere the
// tests that need it skip with a message, and under CI=true they fail instead (test/support/ci-environment.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datamodelDir } from '../../scripts/gen-schema.ts';

export const DATAMODEL_DIR = datamodelDir();
export const HAS_DATAMODEL = existsSync(join(DATAMODEL_DIR, 'xenapi.json'));
export const SKIP_REASON = `datamodel not found in ${DATAMODEL_DIR} (set XAPI_DATAMODEL)`;
