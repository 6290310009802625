import { takeServerLogs } from "@verity/testing"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { startTestApi, strongPassword, type TestApi, uniqueEmail } from "@verity/test-api"
import { startApiProcess } from "./support/apiProcess.ts"

// An operator follows one request through the log: every line it causes names it, including
// the outbox worker's lines about the email it queued, and production logs are JSON lines.

let api: TestApi

beforeAll(async () => {
  // No SMTP_URL: the dev outbox, whose worker logs each email it would have sent.
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const signUp = (url: string, email: string, requestId?: string) =>
  fetch(`${url}/trpc/auth.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(requestId === undefined ? {} : { "x-request-id": requestId }) },
    body: JSON.stringify({ email, password: strongPassword, transport: "token" })
  })

describe("request ids", () => {
  it("a request's id (a proxy's own, when it sends one) comes back in x-request-id and names the worker's line about its email", async () => {
    const email = uniqueEmail("traced")
    const response = await signUp(api.url, email, "proxy-request-42")
    expect(response.status).toBe(200)
    expect(response.headers.get("x-request-id")).toBe("proxy-request-42")

    let mailLine: string | undefined
    await vi.waitFor(() => {
      mailLine ??= takeServerLogs().find((line) => line.includes("Mail not sent") && line.includes(email))
      expect(mailLine).toBeDefined()
    })
    expect(mailLine).toContain("requestId=proxy-request-42")
  })

  it("a request without one gets a fresh id of its own", async () => {
    const [first, second] = await Promise.all([signUp(api.url, uniqueEmail("a")), signUp(api.url, uniqueEmail("b"))])
    const ids = [first!.headers.get("x-request-id"), second!.headers.get("x-request-id")]
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[0]).not.toBe(ids[1])
  })
})

/** A JSON log line's message, as text to search. */
const text = (line: { message: unknown }) => JSON.stringify(line.message)

describe("LOG_FORMAT=json (the default in production)", () => {
  it("writes one JSON object per line, the start-up report and the request's id among them", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "verity-json-logs-"))
    const server = await startApiProcess(dataDir, { LOG_FORMAT: "json" })
    try {
      const email = uniqueEmail("json")
      await signUp(server.url, email, "json-request-7")
      await vi.waitFor(() => expect(server.output()).toContain(email))
      const lines = server
        .output()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { message: unknown; annotations?: Record<string, unknown> })
      expect(
        lines.some((line) => text(line).includes(`Data: embedded store at ${join(dataDir, "verity.sqlite")}`))
      ).toBe(true)
      expect(lines.some((line) => text(line).includes("Mail: dev outbox"))).toBe(true)
      expect(lines.some((line) => text(line).includes("Dev mailbox: http://verity.test/dev/mailbox"))).toBe(true)
      const mailLine = lines.find((line) => text(line).includes(email))
      expect(mailLine?.annotations).toMatchObject({ requestId: "json-request-7" })
    } finally {
      await server.kill()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
