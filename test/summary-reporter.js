// Prints one closing line that any CI can read: 'jest: N passed, N failed, N skipped'.
// Under CI a skipped test fails the run: it proves nothing. (Locally, `jest -t` skips tests on purpose.)
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
    this.skipped = skipped;
  }

  getLastError() {
    if (process.env.CI && this.skipped > 0) {
      return new Error(`${this.skipped} test(s) skipped under CI: make each run here or remove it.`);
    }
    return undefined;
  }
}
module.exports = SummaryReporter;
