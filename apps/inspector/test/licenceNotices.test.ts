import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, inject, it } from "vitest"

// elkjs is bundled under the EPL-2.0, which asks a distribution to carry its licence and
// notices and to say where its source is; the built app is that distribution.

const builtFile = (name: string) => readFile(join(inject("inspectorDistDir"), name), "utf8")

describe("the built inspector", () => {
  it("carries the licence of every bundled package, elkjs's EPL-2.0 among them", async () => {
    const licences = await builtFile("third-party-licenses.md")
    expect(licences).toMatch(/^## elkjs - \S+ \(EPL-2\.0 OR GPL-3\.0-or-later\)$/m)
    expect(licences).toContain("Eclipse Public License - v 2.0")
    expect(licences).toMatch(/^## @xyflow\/react - \S+ \(MIT\)$/m)
  })

  it("says who holds elkjs's copyright and where its source code is", async () => {
    const notice = await builtFile("NOTICE.md")
    expect(notice).toContain("Kiel University and others")
    expect(notice).toContain("https://github.com/kieler/elkjs")
  })
})
