// The layering of ARCHITECTURE.md is enforced by lint (eslint.config.js, no-restricted-imports per
// folder): a file that crosses a boundary fails `npm run lint`. Each case lints a crossing as the text
// of an existing file of that folder, with the project's own config, and expects the rule to fire; the
// control case (an allowed import, same file) must pass.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CROSSINGS: readonly (readonly [file: string, specifier: string])[] = [
  // The model and the emulator never import each other.
  ['src/model/predict.ts', '../emulator/clock.ts'],
  ['src/emulator/create-emulator.ts', '../model/index.ts'],
  // The emulator never imports the client, the harness, the load engine or the CLI.
  ['src/emulator/server/http-server.ts', '../../client/transport.ts'],
  ['src/emulator/create-emulator.ts', '../harness/index.ts'],
  ['src/emulator/create-emulator.ts', '../load/index.ts'],
  ['src/emulator/create-emulator.ts', '../cli/main.ts'],
  // src never imports the tests (nor, below the CLI, the suites).
  ['src/harness/driver.ts', '../../test/emulator/fixture.ts'],
  ['src/harness/driver.ts', '../../suites/areas.ts'],
  // Reports read src/results only.
  ['reports/allure/labels.ts', '../../src/harness/index.ts'],
  ['reports/junit/index.ts', '../../src/emulator/index.ts'],
];

describe('import boundaries (eslint no-restricted-imports)', () => {
  it.each(CROSSINGS)('%s importing %s fails the lint', async (file, specifier) => {
    const messages = await restricted(
      file,
      `import * as crossing from '${specifier}';\nexport { crossing };\n`,
    );
    expect(messages.length, `${file} -> ${specifier}`).toBeGreaterThan(0);
  });

  it('allowed imports pass (control)', async () => {
    expect(
      await restricted('src/emulator/create-emulator.ts', "export * from '../xapi/index.ts';\n"),
    ).toEqual([]);
    expect(await restricted('src/harness/driver.ts', "export * from '../model/index.ts';\n")).toEqual([]);
    expect(
      await restricted('reports/allure/labels.ts', "export * from '../../src/results/index.ts';\n"),
    ).toEqual([]);
  });
});
