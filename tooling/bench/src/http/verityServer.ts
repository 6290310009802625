import { HttpServer, SessionManager, whoamiOf } from "@verity/api/server"
import { apiClient } from "@verity/test-api"
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { makeServerRuntime } from "../support/appRuntime.ts"
import { type BenchServer, whoamiPath } from "./BenchServer.ts"

export type VerityServer = BenchServer & { readonly token: string; readonly origin: string }

/** The real API; one user signs up with `transport: "token"` and its session is the one loaded. */
export const startVerityServer = async (dataDir: string): Promise<VerityServer> => {
  const runtime = makeServerRuntime(dataDir)
  const url = await runtime.runPromise(HttpServer.use((server) => Effect.succeed(server.url)))
  const signedUp = await apiClient(url).auth.signUp.mutate({
    email: "bench@verity.test",
    password: `bench-${randomBytes(12).toString("hex")}`,
    transport: "token"
  })
  const token = signedUp.sessionToken
  if (token === undefined) throw new Error('Sign-up with transport "token" answered no session token.')
  return {
    label: "Verity session.whoami",
    whoamiUrl: `${url}${whoamiPath}`,
    headers: { authorization: `Bearer ${token}` },
    token,
    origin: url,
    answer: () => whoamiOf(runtime.runSync(SessionManager.use((manager) => manager.authenticate(token))).snapshot),
    close: () => runtime.dispose()
  }
}

/**
 * The same server and session through tRPC's own Fastify handler: the whoami fast path leaves any
 * call with a query string to Fastify, and tRPC ignores a parameter it does not know.
 */
export const verityThroughTrpcAdapter = (verity: VerityServer): BenchServer => ({
  label: "Verity through tRPC's adapter",
  whoamiUrl: `${verity.whoamiUrl}?via=trpc-adapter`,
  headers: verity.headers,
  close: async () => {}
})
