import type { Whoami } from "@verity/domain"
import { EmbeddedStore, Sessions, Users } from "@verity/store"
import { Effect, Exit, Layer, Logger, ManagedRuntime, Option } from "effect"
import { hash } from "node:crypto"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { makeBenchDir } from "../support/benchDir.ts"
import type { BenchServer } from "./BenchServer.ts"
import { startTrpcWhoamiServer } from "./trpcWhoamiServer.ts"

// The pattern of Lucia and Ory Kratos (self-hosted): nothing is kept in memory; every request
// hashes its token and reads the session, then the user, from the store. Same stack as Verity's
// whoami (the fast path, the same security headers, tRPC's procedure call, an Effect program per
// request, the embedded store on the same file), so the difference measured is the two store
// reads against the live actor.

// The API's default SESSION_IDLE_TIMEOUT, checked the way a store-read design has to.
const idleTimeoutMs = 7 * 24 * 60 * 60 * 1000

// Hashed as the API hashes its tokens (security/secrets.ts).
const sha256Hex = (secret: string) => hash("sha256", secret, "hex")

const readWhoami = (token: string) =>
  Effect.gen(function* () {
    const sessions = yield* Sessions
    const users = yield* Users
    const found = yield* sessions.findByTokenHash(sha256Hex(token))
    if (Option.isNone(found)) return undefined
    const session = found.value
    const nowMs = Date.now()
    const ended =
      session.revokedReason !== null ||
      nowMs >= Date.parse(session.expiresAt) ||
      nowMs - Date.parse(session.lastSeenAt) >= idleTimeoutMs
    if (ended) return undefined
    const userFound = yield* users.findById(session.userId)
    if (Option.isNone(userFound)) return undefined
    const user = userFound.value
    const whoami: Whoami = {
      user: {
        id: user.id,
        email: user.email,
        emailConfirmed: user.emailConfirmed,
        status: user.status,
        createdAt: user.createdAt
      },
      session: {
        id: session.id,
        state: user.emailConfirmed ? "active.verified" : "active.unverified",
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        expiresAt: session.expiresAt
      },
      userVersion: user.version
    }
    return whoami
  })

/**
 * A copy of the Verity API's database, in a folder of its own: a data folder is held by one
 * store at a time (the API's), and a copy has the same rows, indexes and page layout.
 */
const copyOfStore = async (verityDataDir: string) => {
  const copy = await makeBenchDir("store-read")
  const source = new DatabaseSync(join(verityDataDir, "verity.sqlite"), { readOnly: true })
  try {
    source.exec(`VACUUM INTO '${join(copy.path, "verity.sqlite")}'`)
  } finally {
    source.close()
  }
  return copy
}

export const startStoreReadServer = async (verityDataDir: string, token: string): Promise<BenchServer> => {
  const copy = await copyOfStore(verityDataDir)
  const runtime = ManagedRuntime.make(
    EmbeddedStore.layer({ dataDir: copy.path }).pipe(Layer.provideMerge(Logger.layer([])))
  )
  await runtime.runPromise(Effect.void)
  return startTrpcWhoamiServer({
    label: "store-read baseline",
    stack: "fast path",
    token,
    whoami: async (bearer) => {
      const exit = await runtime.runPromiseExit(readWhoami(bearer))
      if (Exit.isFailure(exit)) throw new Error("The store failed", { cause: exit.cause })
      return exit.value
    },
    answer: (bearer) => runtime.runSync(readWhoami(bearer)),
    release: async () => {
      await runtime.dispose()
      await copy.remove()
    }
  })
}
