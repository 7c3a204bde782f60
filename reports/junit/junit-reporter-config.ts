// vitest's built-in JUnit reporter, for a conformance run that wants JUnit without `xapi-harness report`:
//   reporters: [..., junitReporterConfig('out/junit-vitest.xml')]
// It writes every failing test as <failure> with type = the error name (ContractViolation, TransportError,
// SetupError), while writeJunitFromAllure splits <failure> and <error>; prefer the latter for out/junit.xml.

export type VitestJunitOptions = {
  readonly outputFile: string;
  readonly suiteName: string;
  readonly classnameTemplate: string;
  readonly addFileAttribute: boolean;
};

export function junitReporterConfig(outputFile: string): ['junit', VitestJunitOptions] {
  return [
    'junit',
    {
      outputFile,
      suiteName: 'xapi-harness conformance',
      classnameTemplate: '{filename}',
      addFileAttribute: true,
    },
  ];
}
