// No module-level mutable state in src/emulator (issue 13): everything an emulator keeps lives in
// the objects createEmulator builds, so two emulators in one process never share data. This scans
// the TypeScript AST of every file: a top-level `let`/`var`, a top-level Map/Set/WeakMap/WeakSet
// not typed read-only, a top-level array literal not typed read-only, or a non-readonly static class
// field is module state.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const EMULATOR = join(ROOT, 'src/emulator');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

function isReadonlyType(t: ts.TypeNode | undefined): boolean {
  if (t === undefined) return false;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) return true;
  if (ts.isTypeReferenceNode(t)) return /^Readonly/.test(t.typeName.getText());
  return false;
}

function unwrap(e: ts.Expression): { expr: ts.Expression; asConst: boolean } {
  let x = e;
  let asConst = false;
  for (;;) {
    if (ts.isAsExpression(x) || ts.isSatisfiesExpression(x)) {
      if (ts.isAsExpression(x) && x.type.getText() === 'const') asConst = true;
      x = x.expression;
    } else if (ts.isParenthesizedExpression(x)) x = x.expression;
    else return { expr: x, asConst };
  }
}

/** Every top-level declaration of `source` that holds mutable state, as "file:line text". */
function moduleState(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (n: ts.Node, why: string): void => {
    const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    found.push(`${file}:${line} ${why}: ${n.getText(sf).split('\n')[0]}`);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const flags = st.declarationList.flags;
      if (!(flags & ts.NodeFlags.Const)) {
        report(st, 'top-level let/var');
        continue;
      }
      for (const d of st.declarationList.declarations) {
        if (d.initializer === undefined) continue;
        const { expr, asConst } = unwrap(d.initializer);
        if (asConst || isReadonlyType(d.type)) continue;
        if (ts.isNewExpression(expr) && COLLECTIONS.has(expr.expression.getText(sf)))
          report(d, 'top-level mutable collection');
        else if (ts.isArrayLiteralExpression(expr)) report(d, 'top-level mutable array');
      }
    } else if (ts.isClassDeclaration(st)) {
      for (const m of st.members) {
        if (!ts.isPropertyDeclaration(m)) continue;
        const mods = ts.getModifiers(m) ?? [];
        const isStatic = mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = mods.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (isStatic && !isReadonly) report(m, 'mutable static field');
      }
    }
  }
  return found;
}

describe('src/emulator keeps no module-level mutable state', () => {
  it('the scanner finds each kind of module state', () => {
    const bad = [
      'let cache: string | undefined;',
      'var n = 0;',
      'const registry = new Map<string, number>();',
      'const seen = new WeakMap<object, number>();',
      'const list = [1, 2];',
      'export class A { static count = 0; }',
    ].join('\n');
    expect(moduleState('bad.ts', bad)).toHaveLength(6);
    const good = [
      "const ROLES: ReadonlySet<string> = new Set(['a']);",
      'const OPS: readonly string[] = [];',
      "const NAMES = ['a', 'b'] as const;",
      'const encoder = new TextEncoder();',
      'export class B { static readonly ZERO = 0; count = 0; }',
      'function f(): void { let local = 0; local++; }',
    ].join('\n');
    expect(moduleState('good.ts', good)).toEqual([]);
  });

  it('no file of src/emulator has any', () => {
    const found = tsFiles(EMULATOR).flatMap((f) => moduleState(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });
});
