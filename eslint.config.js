// Type-aware lint: a dropped promise in a load loop corrupts the metrics (ARCHITECTURE.md, Habits 2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layering of ARCHITECTURE.md, enforced (issue 13): for each folder, the folders it must not import.
// Specifiers are relative, so a rule matches "../" steps followed by the forbidden folder (no folder
// inside a layer shares a name with another layer). test/architecture/boundaries.test.ts proves a
// crossing fails the lint.
const SRC_LAYERS = [
  'xapi',
  'wire',
  'client',
  'emulator',
  'model',
  'results',
  'harness',
  'load',
  'faultproxy',
  'cli',
];
const OUTSIDE_SRC = ['test', 'bench', 'suites', 'generators', 'scenarios', 'reports', 'scripts'];
/** Folder of src/ -> the src/ layers it may import (besides itself). */
const MAY_IMPORT = {
  xapi: [],
  wire: ['xapi'],
  // The model and the emulator never import each other: the model is an independent oracle.
  model: ['xapi'],
  emulator: ['xapi', 'wire'],
  client: ['xapi', 'wire'],
  results: ['xapi'],
  faultproxy: ['xapi', 'wire'],
  load: ['xapi', 'wire', 'client', 'results'],
  harness: ['xapi', 'wire', 'client', 'emulator', 'model', 'results'],
  cli: SRC_LAYERS,
};
/** The CLI is the top: it drives the suites (their AREAS table), the reports and the scenarios. */
const CLI_MAY_IMPORT_OUTSIDE = ['suites', 'reports', 'scenarios'];

function forbid(folders, why) {
  return {
    regex: `^(\\./)?(\\.\\./)+(src/)?(${folders.join('|')})/`,
    message: why,
  };
}

function boundaries() {
  const configs = Object.entries(MAY_IMPORT).map(([layer, allowed]) => {
    const forbiddenLayers = SRC_LAYERS.filter((l) => l !== layer && !allowed.includes(l));
    const outside = OUTSIDE_SRC.filter((o) => !(layer === 'cli' && CLI_MAY_IMPORT_OUTSIDE.includes(o)));
    const patterns = [
      forbid(outside, `src/${layer} must not import ${outside.join(', ')} (ARCHITECTURE.md, layout).`),
    ];
    if (forbiddenLayers.length > 0)
      patterns.push(
        forbid(
          forbiddenLayers,
          `src/${layer} may import only ${allowed.length > 0 ? allowed.map((a) => `src/${a}`).join(', ') : 'itself'} (ARCHITECTURE.md layering).`,
        ),
      );
    return { files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
  // Reports read the one results format, nothing else of src/.
  const reportsOnlyResults = (extra) => ({
    regex: `^(\\.\\./)+src/(?!(${['results', ...extra].join('|')})/)`,
    message:
      'reports/ read src/results only (ARCHITECTURE.md: results are the one format between running and reporting).',
  });
  configs.push({
    files: ['reports/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [reportsOnlyResults([])] }] },
  });
  for (const folder of ['generators', 'suites', 'scenarios']) {
    configs.push({
      files: [`${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              forbid(['emulator'], `${folder}/ talk to a target through the client, never to src/emulator.`),
            ],
          },
        ],
      },
    });
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'bin/**', 'eslint.config.js', 'deploy/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (ARCHITECTURE.md, Habits 3).' },
      ],
    },
  },
  {
    // The global `performance` is a lazy accessor on globalThis in Node 20: every use is a global load that
    // optimised code cannot fold plus a getter call, ~350 instructions (measured with callgrind: about 1,000
    // of the load engine's instructions per request went to its three clock reads; issue 16).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'performance',
          message: "import { performance } from 'node:perf_hooks' (the global is a lazy getter).",
        },
      ],
    },
  },
  ...boundaries(),
);
