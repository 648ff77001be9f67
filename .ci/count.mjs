// Reads vitest's JSON report (and any extra reports named after it) and prints the one
// closing line CI reads: "N passed, N failed". Exits non-zero when anything failed, when
// the runner itself failed without a report, or when no test ran.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, rcArg] = process.argv.slice(2);
const rc = Number(rcArg ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests in the counts: count it as a failure.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
} else {
  console.error(`count: no report at ${reportPath}`);
  failed += 1;
}
if (rc !== 0 && failed === 0) {
  console.error(
    `count: the test command exited ${rc} with no failed test; counting it as one failure`,
  );
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
