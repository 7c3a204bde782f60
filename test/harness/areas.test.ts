// One AREAS table (issue 13 §4): the contract files, the CLI's suite list and every property's area (the
// report's epic) agree with it, so a new area is one table entry plus its files and nothing else.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AREAS, AREA_IDS, contractFile } from '../../suites/areas.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the AREAS table', () => {
  it('every area has its contract file, naming it, and there is no other contract file', () => {
    const files = readdirSync(join(ROOT, 'suites')).filter((f) => f.endsWith('.contract.test.ts'));
    expect(files.sort()).toEqual(AREAS.map((a) => contractFile(a.id).replace('suites/', '')).sort());
    for (const a of AREAS) {
      const text = readFileSync(join(ROOT, contractFile(a.id)), 'utf8');
      expect(text).toContain(`describeArea('${a.id}')`);
    }
  });

  it('every property belongs to its area: area field, id prefix, unique ids', () => {
    const ids = new Set<string>();
    for (const a of AREAS) {
      expect(a.properties.length, a.id).toBeGreaterThan(0);
      for (const p of a.properties) {
        expect(p.area).toBe(a.id);
        expect(p.id.startsWith(`${a.id}/`), p.id).toBe(true);
        expect(ids.has(p.id), p.id).toBe(false);
        ids.add(p.id);
      }
    }
  });

  it('the CLI has no list of its own: its help lists the table', async () => {
    const src = readFileSync(join(ROOT, 'src/cli/commands/conformance.ts'), 'utf8');
    expect(src).not.toMatch(/SUITES\s*=/);
    const { parseConformanceArgs } = await import('../../src/cli/commands/conformance.ts');
    for (const id of AREA_IDS) expect(parseConformanceArgs(['--suite', id], {}).suites).toEqual([id]);
  });
});
