import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { testAdminToken } from "@verity/testing"
import { signUpWithToken, startTestApi, storeSnapshot, type TestApi, uniqueEmail } from "@verity/test-api"

// Arbitrary JSON, thrown at every procedure with and without credentials: only 4xx answers, the
// server stays up, and the store holds exactly what it held before.

const runsPerProcedure = Number(process.env["FUZZ_RUNS"] ?? 2_000)

type Procedure = {
  readonly path: string
  readonly kind: "query" | "mutation"
  readonly credentials: "session" | "admin" | "none"
}

// Procedures without input ignore their body, so a session would make them valid calls (a sign-out
// is not bad input): those are fuzzed without credentials, where they must refuse.
const procedures: ReadonlyArray<Procedure> = [
  { path: "auth.signUp", kind: "mutation", credentials: "none" },
  { path: "auth.signIn", kind: "mutation", credentials: "none" },
  { path: "auth.signOut", kind: "mutation", credentials: "none" },
  { path: "auth.verifyEmail", kind: "mutation", credentials: "session" },
  { path: "auth.resendVerification", kind: "mutation", credentials: "none" },
  { path: "auth.requestPasswordReset", kind: "mutation", credentials: "none" },
  { path: "auth.resetPassword", kind: "mutation", credentials: "none" },
  { path: "session.whoami", kind: "query", credentials: "none" },
  { path: "session.list", kind: "query", credentials: "none" },
  { path: "session.revoke", kind: "mutation", credentials: "session" },
  { path: "session.revokeOthers", kind: "mutation", credentials: "none" },
  { path: "account.changeEmail", kind: "mutation", credentials: "session" },
  { path: "account.changePassword", kind: "mutation", credentials: "session" },
  { path: "support.contactUs", kind: "mutation", credentials: "session" },
  { path: "recovery.confirmationLinkDetails", kind: "mutation", credentials: "none" },
  { path: "recovery.rejectSignUp", kind: "mutation", credentials: "none" },
  { path: "recovery.undoEmailChange", kind: "mutation", credentials: "none" },
  { path: "admin.evictSessionActors", kind: "mutation", credentials: "none" },
  { path: "admin.suspendUser", kind: "mutation", credentials: "admin" },
  { path: "admin.unsuspendUser", kind: "mutation", credentials: "admin" }
]

let api: TestApi
let sessionToken: string

/** The store without `lastSeenAt`, which a signed-in request may legitimately move. */
const storeContent = () => {
  const snapshot = storeSnapshot(api.dataDir)
  const sessions = (snapshot["sessions"] ?? []) as Array<{ doc: string }>
  snapshot["sessions"] = sessions.map((row) => ({ ...row, doc: { ...JSON.parse(row.doc), lastSeenAt: "(ignored)" } }))
  return snapshot
}

beforeAll(async () => {
  api = await startTestApi()
  sessionToken = await signUpWithToken(api.client(), uniqueEmail("fuzz"))
  await vi.waitFor(() => {
    const outbox = storeSnapshot(api.dataDir)["outbox"] as Array<{ settled: number }>
    expect(outbox.every((row) => row.settled === 1)).toBe(true)
  })
})
afterAll(async () => {
  await api?.close()
})

const send = async (procedure: Procedure, input: unknown, withCredentials: boolean) => {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (withCredentials && procedure.credentials !== "none") {
    headers["authorization"] = `Bearer ${procedure.credentials === "admin" ? testAdminToken : sessionToken}`
  }
  const body = JSON.stringify(input) ?? "null"
  const response =
    procedure.kind === "query"
      ? await fetch(`${api.url}/trpc/${procedure.path}?input=${encodeURIComponent(body)}`, { headers })
      : await fetch(`${api.url}/trpc/${procedure.path}`, { method: "POST", headers, body })
  const answer = (await response.json()) as { error?: { data?: { reason?: string } } }
  return { status: response.status, reason: answer.error?.data?.reason }
}

describe(`arbitrary JSON to every procedure (${runsPerProcedure} cases each)`, () => {
  for (const procedure of procedures) {
    it(`${procedure.path}: only 4xx with a reason, the server stays up, the store is unchanged`, async () => {
      const before = storeContent()
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), async (input, withCredentials) => {
          const answer = await send(procedure, input, withCredentials)
          expect(answer.status, JSON.stringify(input)).toBeGreaterThanOrEqual(400)
          expect(answer.status, JSON.stringify(input)).toBeLessThan(500)
          expect(answer.reason).toEqual(expect.any(String))
        }),
        { numRuns: runsPerProcedure }
      )
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200)
      expect(storeContent()).toEqual(before)
    }, 120_000)
  }
})
