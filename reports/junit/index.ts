// JUnit XML for CI systems (issue 6 §4).
export {
  readAllureResults,
  renderJunit,
  writeJunitFromAllure,
  type JunitSummary,
} from './junit-from-allure.ts';
export { junitReporterConfig, type VitestJunitOptions } from './junit-reporter-config.ts';
export { xmlEscape } from './xml-escape.ts';
