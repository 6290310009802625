import type { Reporter, TestModule } from "vitest/node"

/**
 * Ends the run with one plain line, `vitest: N passed, N failed, N skipped`, that any CI log
 * reader can count; skipped tests are listed by name so none goes unnoticed.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0
    let failed = 0
    const skipped: Array<string> = []
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped.push(test.fullName)
      }
    }
    for (const name of skipped) console.log(`SKIPPED: ${name}`)
    console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped.length} skipped`)
  }
}
