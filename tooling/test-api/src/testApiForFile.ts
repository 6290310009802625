import { afterAll, beforeAll } from "vitest"
import {
  startTestApi,
  startTestApiWithMail,
  type TestApi,
  type TestApiOptions,
  type TestApiWithMail
} from "./testApi.ts"

/**
 * Stands for a server that starts before the file's first test (`beforeAll`) and closes after its
 * last (`afterAll`): every property is read from the running server, so a file writes
 * `const api = testApiWithMailForFile()` once and uses `api` in its tests as the server itself.
 */
const serverForFile = <Server extends { close(): Promise<void> }>(start: () => Promise<Server>): Server => {
  let server: Server | undefined
  beforeAll(async () => {
    server = await start()
  })
  afterAll(async () => {
    await server?.close()
  })
  return new Proxy({} as Server, {
    get: (_, property) => {
      if (server === undefined) throw new Error("The file's test server starts in beforeAll; use it inside a test")
      const value: unknown = Reflect.get(server, property)
      return typeof value === "function" ? value.bind(server) : value
    }
  })
}

/** One test server with a real SMTP catcher (`api.mail`) for the whole file. */
export const testApiWithMailForFile = (options?: TestApiOptions): TestApiWithMail =>
  serverForFile(() => startTestApiWithMail(options))

/** One test server (the dev outbox, no SMTP) for the whole file. */
export const testApiForFile = (options?: TestApiOptions): TestApi => serverForFile(() => startTestApi(options))
