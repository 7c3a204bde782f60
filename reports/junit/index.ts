// JUnit XML for CI systems (issue 6 §4).
export { renderJunit, writeJunitFromAllure, type JunitSummary } from './junit-from-allure.ts';
export { junitReporterConfig } from './junit-reporter-config.ts';
export { xmlEscape } from './xml-escape.ts';
