import {
  type ApiClient,
  distinctLoopbackAddress,
  failureOf,
  startTestApi,
  strongPassword,
  type TestApi,
  uniqueEmail
} from "@verity/test-api"
import { count, ms, ratio } from "../report/format.ts"
import { progress } from "../report/progress.ts"
import { percentile } from "../report/stats.ts"
import type { Table } from "../report/table.ts"

/**
 * What an attacker can do from one address, measured over HTTP against the real server with
 * production's argon2 cost (OWASP's floor), each client from a loopback address of its own:
 * - a burst of concurrent wrong passwords for one account: how many are evaluated (argon2 run,
 *   answered INVALID_CREDENTIALS) rather than refused before hashing (RATE_LIMITED), and whether
 *   the right password hidden in such a burst signs in;
 * - a flood of concurrent sign-ups: how long the owner's sign-in (from elsewhere) takes meanwhile;
 * - sign-up with a taken address against a new one: whether the answer time tells them apart.
 */

const productionArgon2 = { ARGON2_MEMORY_KIB: "19456", ARGON2_TIME_COST: "2" }

type Outcome = "evaluated" | "refused before hashing" | "signed in" | "other"

const outcomeOf = async (call: Promise<unknown>): Promise<Outcome> => {
  // failureOf throws when the call succeeded.
  const failure = await failureOf(call).catch(() => null)
  if (failure === null) return "signed in"
  if (failure.reason === "INVALID_CREDENTIALS") return "evaluated"
  if (failure.reason === "RATE_LIMITED") return "refused before hashing"
  return "other"
}

const timed = async (call: () => Promise<unknown>): Promise<number> => {
  const start = performance.now()
  await call().catch(() => undefined)
  return performance.now() - start
}

const signUp = (client: ApiClient, email: string) =>
  client.auth.signUp.mutate({ email, password: strongPassword, transport: "token" })

const signIn = (client: ApiClient, email: string, password = strongPassword) =>
  client.auth.signIn.mutate({ email, password, transport: "token" })

/**
 * A connection per request, opened beforehand (cheap unauthenticated calls), so the burst arrives
 * at once as a prepared attacker's does, not spread over connection set-up.
 */
const preparedAttacker = async (api: TestApi, size: number): Promise<ApiClient> => {
  const attacker = api.client(undefined, { from: distinctLoopbackAddress(), separateRequests: true })
  await Promise.all(Array.from({ length: size }, () => attacker.session.whoami.query().catch(() => undefined)))
  return attacker
}

const burst = async (api: TestApi, size: number) => {
  const email = uniqueEmail("burst")
  await signUp(api.client(undefined, { from: distinctLoopbackAddress() }), email)
  const attacker = await preparedAttacker(api, size)
  const wrong = await Promise.all(
    Array.from({ length: size }, (_, guess) => outcomeOf(signIn(attacker, email, `wrong guess ${guess} here`)))
  )
  const withRight = uniqueEmail("burst-right")
  await signUp(api.client(undefined, { from: distinctLoopbackAddress() }), withRight)
  const second = await preparedAttacker(api, size)
  const rightAt = Math.floor(size / 2)
  const mixed = await Promise.all(
    Array.from({ length: size }, (_, guess) =>
      outcomeOf(signIn(second, withRight, guess === rightAt ? strongPassword : `wrong guess ${guess} here`))
    )
  )
  return {
    evaluated: wrong.filter((outcome) => outcome === "evaluated").length,
    refused: wrong.filter((outcome) => outcome === "refused before hashing").length,
    rightPasswordSignedIn: mixed[rightAt] === "signed in"
  }
}

const ownerDuringSignUpFlood = async (api: TestApi, floodSize: number, rounds: number) => {
  const owner = uniqueEmail("owner")
  const ownerClient = api.client(undefined, { from: distinctLoopbackAddress() })
  await signUp(ownerClient, owner)
  const idle: Array<number> = []
  const flooded: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    idle.push(await timed(() => signIn(ownerClient, owner)))
    const attacker = await preparedAttacker(api, floodSize)
    const flood = Promise.all(
      Array.from({ length: floodSize }, () => signUp(attacker, uniqueEmail("flood")).catch(() => undefined))
    )
    // The owner arrives once the flood is in: its requests are all accepted by then.
    await new Promise((resolve) => setTimeout(resolve, 100))
    flooded.push(await timed(() => signIn(ownerClient, owner)))
    await flood
  }
  return { idle: percentile(idle, 50), flooded: percentile(flooded, 50) }
}

const takenAgainstNew = async (api: TestApi, samples: number) => {
  const taken = Array.from({ length: samples }, () => uniqueEmail("taken"))
  for (const email of taken) await signUp(api.client(undefined, { from: distinctLoopbackAddress() }), email)
  const newTimes: Array<number> = []
  const takenTimes: Array<number> = []
  // Alternating, each from an address of its own, so neither side meets a limit or a warmer cache.
  for (const email of taken) {
    newTimes.push(
      await timed(() => signUp(api.client(undefined, { from: distinctLoopbackAddress() }), uniqueEmail("new")))
    )
    takenTimes.push(await timed(() => signUp(api.client(undefined, { from: distinctLoopbackAddress() }), email)))
  }
  return { new: percentile(newTimes, 50), taken: percentile(takenTimes, 50) }
}

export type SecurityOptions = { readonly burstSize: number; readonly floodSize: number; readonly samples: number }

export const securitySection = async (options: SecurityOptions): Promise<Table> => {
  const api = await startTestApi({ env: productionArgon2 })
  try {
    progress(`security: a burst of ${options.burstSize} concurrent wrong passwords from one address`)
    const guesses = await burst(api, options.burstSize)
    progress(`security: the owner's sign-in during floods of ${options.floodSize} sign-ups from one address`)
    const flood = await ownerDuringSignUpFlood(api, options.floodSize, 3)
    progress(`security: sign-up with a taken address against a new one (${options.samples} each)`)
    const timing = await takenAgainstNew(api, options.samples)
    return {
      title: "Attacks from one address (production argon2 cost, over HTTP)",
      columns: ["measure", "value", "compared with"],
      rows: [
        [
          `wrong passwords evaluated, of a burst of ${count(options.burstSize)}`,
          count(guesses.evaluated),
          `${count(guesses.refused)} refused before hashing`
        ],
        ["the right password, hidden in such a burst, signs in", guesses.rightPasswordSignedIn ? "yes" : "no", "–"],
        [
          `owner's sign-in during a flood of ${count(options.floodSize)} sign-ups (p50)`,
          ms(flood.flooded),
          `${ratio(flood.flooded, flood.idle)} of idle (${ms(flood.idle)})`
        ],
        [
          "sign-up with a taken address (p50)",
          ms(timing.taken),
          `${ratio(timing.taken, timing.new)} of a new one (${ms(timing.new)})`
        ]
      ],
      notes: [
        "Each client connects from a loopback address of its own (127.0.0.0/8), so per-address limits see distinct clients.",
        "Evaluated = answered INVALID_CREDENTIALS (argon2 ran); refused = RATE_LIMITED before any hashing."
      ]
    }
  } finally {
    await api.close()
  }
}
