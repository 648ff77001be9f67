// Reads vitest's JSON reports and prints the one closing line CI reads: "N passed, N failed".
//
//   node .ci/count.mjs REPORT RC [REPORT RC ...]
//
// Each report with the exit status of the run that wrote it. Exits non-zero when anything
// failed, when a run itself failed without a report, or when no test ran.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (let i = 0; i < args.length; i += 2) {
  const reportPath = args[i];
  const rc = Number(args[i + 1] ?? 0);
  let failedHere = 0;
  let report = null;
  if (existsSync(reportPath)) {
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8'));
    } catch (e) {
      console.error(`count: ${reportPath} is not a readable report (${String(e)})`);
    }
  } else {
    console.error(`count: no report at ${reportPath}`);
  }
  if (report !== null) {
    passed += report.numPassedTests;
    failedHere += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A suite that failed to load has no tests in the counts: count it as a failure.
    for (const suite of report.testResults ?? []) {
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failedHere += 1;
    }
  } else {
    failedHere += 1;
  }
  if (rc !== 0 && failedHere === 0) {
    console.error(
      `count: the run that wrote ${reportPath} exited ${rc} with no failed test; counting it as one failure`,
    );
    failedHere += 1;
  }
  failed += failedHere;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
