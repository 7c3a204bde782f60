// The committed schema.generated.json must be exactly what `npm run gen:schema` writes from the
// shared datamodel (byte for byte), so nobody edits it by hand and regenerations stay reviewable.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchema, SCHEMA_OUTPUT, serializeSchema } from '../../scripts/gen-schema.ts';
import { requirePrerequisite, skipOutsideCi } from '../support/ci-environment.ts';
import { DATAMODEL_DIR, HAS_DATAMODEL, SKIP_REASON } from './shared-data.ts';

describe('gen-schema', () => {
  it.skipIf(skipOutsideCi(HAS_DATAMODEL))(
    `regenerating equals the committed file${HAS_DATAMODEL ? '' : ` (${SKIP_REASON})`}`,
    () => {
      requirePrerequisite(HAS_DATAMODEL, SKIP_REASON);
      const fresh = serializeSchema(buildSchema(DATAMODEL_DIR));
      const committed = readFileSync(SCHEMA_OUTPUT, 'utf8');
      expect(fresh.length).toBe(committed.length);
      expect(fresh === committed).toBe(true);
      expect(serializeSchema(buildSchema(DATAMODEL_DIR))).toBe(fresh);
    },
  );

  it('keeps no description texts', () => {
    const text = readFileSync(SCHEMA_OUTPUT, 'utf8');
    expect(text).not.toMatch(/"(description|doc|log)"\s*:/);
    // A distinctive sentence from the datamodel's description of VM.start must not be present.
    expect(text).not.toContain('Start the specified VM');
  });

  it('writes a parseable file whose class headers are one line each', () => {
    const text = readFileSync(SCHEMA_OUTPUT, 'utf8');
    const parsed = JSON.parse(text) as { classes: unknown[] };
    expect(parsed.classes).toHaveLength(72);
    expect(text.split('\n').filter((l) => l.startsWith('    {"name":')).length).toBe(72);
  });
});
