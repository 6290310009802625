import { startTestApi, type TestApi } from "@verity/test-api"
import { createServer } from "node:net"
import { inject } from "vitest"

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))
      )
    })
  })

/**
 * The real API serving the built app on one origin, with the dev outbox (no SMTP_URL) so the
 * tests read emails in the app's dev mailbox like a user would. PUBLIC_URL is the very URL the
 * browser opens, so emailed links, the session cookie and the API's Origin check all agree.
 */
export const startWebApi = async (): Promise<TestApi> => {
  const port = await freePort()
  return startTestApi({
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WEB_DIST_DIR: inject("webDistDir") }
  })
}
