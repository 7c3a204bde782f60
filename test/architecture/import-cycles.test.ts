// No import cycles in the tree, type-only imports included (issue 13): a file never imports, through any
// chain, a file that imports it back. Where two concepts need each other's types, a small interface in a
// file of its own breaks the loop (src/client/session-client.ts, src/emulator/registry/call-context.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesUnder, importCycles, importGraph } from './import-cycles.ts';

const ROOT = join(import.meta.dirname, '../..');
const FOLDERS = ['src', 'generators', 'suites', 'scenarios', 'reports', 'test', 'bench', 'scripts'];

describe('import cycles', () => {
  it('the tree has none', () => {
    expect(cyclesUnder(ROOT, FOLDERS)).toEqual([]);
  });

  it('a cycle through a type-only import is found (control)', () => {
    const graph = importGraph(
      new Map([
        ['src/a/session.ts', "import { callAsync } from './call-async.ts';\nexport class Session {}\n"],
        [
          'src/a/call-async.ts',
          "import type { Session } from './session.ts';\nexport function callAsync() {}\n",
        ],
        ['src/b/free.ts', "import type { Session } from '../a/session.ts';\n"],
      ]),
    );
    expect(graph.get('src/b/free.ts')).toEqual(['src/a/session.ts']);
    expect(importCycles(graph)).toEqual([['src/a/call-async.ts', 'src/a/session.ts']]);
  });

  it('a longer loop across folders is found, and a re-export counts as an import (control)', () => {
    const graph = importGraph(
      new Map([
        ['src/x/one.ts', "export { two } from '../y/two.ts';\n"],
        ['src/y/two.ts', "import type { T } from '../z/three.ts';\nexport const two = 2;\n"],
        ['src/z/three.ts', "import { one } from '../x/one.ts';\nexport type T = 1;\n"],
      ]),
    );
    expect(importCycles(graph)).toEqual([['src/x/one.ts', 'src/y/two.ts', 'src/z/three.ts']]);
  });
});
