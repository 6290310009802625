import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { boundaryViolations, boundaryViolationsIn } from "./support/featureBoundaries.ts"

const srcDir = fileURLToPath(new URL("../src/", import.meta.url))

describe("the web app's layers: app, then features, then shared code", () => {
  it("no feature imports another feature, and shared code imports no feature and not the app", () => {
    expect(boundaryViolationsIn(srcDir)).toEqual([])
  })

  it("the check sees every kind of import across features, and lets the app compose them", () => {
    const accountPage = "features/account/components/AccountPage.tsx"
    const source = [
      `import { ContactForm } from "../../support/components/ContactForm.tsx"`,
      `import type { Whoami } from "../../session/types.ts"`,
      `export { DevMailboxLink } from "../../devMailbox/components/DevMailboxLink.tsx"`,
      `const page = () => import("../../sessions/components/SessionsPage.tsx")`,
      `import { Page } from "../../../components/Page.tsx"`,
      `import { ChangeEmailPage } from "./ChangeEmailPage.tsx"`
    ].join("\n")
    expect(boundaryViolations(accountPage, source)).toEqual([
      `${accountPage} imports ../../support/components/ContactForm.tsx: a feature imports another feature; compose them in app/ instead`,
      `${accountPage} imports ../../session/types.ts: a feature imports another feature; compose them in app/ instead`,
      `${accountPage} imports ../../devMailbox/components/DevMailboxLink.tsx: a feature imports another feature; compose them in app/ instead`,
      `${accountPage} imports ../../sessions/components/SessionsPage.tsx: a feature imports another feature; compose them in app/ instead`
    ])
    expect(
      boundaryViolations(
        "components/Page.tsx",
        `import { useLiveWhoami } from "../features/session/hooks/useLiveWhoami.ts"`
      )
    ).toEqual(["components/Page.tsx imports ../features/session/hooks/useLiveWhoami.ts: shared code imports a feature"])
    expect(boundaryViolations("lib/createQueryClient.ts", `import { App } from "../app/App.tsx"`)).toEqual([
      "lib/createQueryClient.ts imports ../app/App.tsx: only app/ imports app/"
    ])
    expect(boundaryViolations("app/AppRoutes.tsx", source.replaceAll("../../", "../features/"))).toEqual([])
  })
})
