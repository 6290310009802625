import type { SessionEvent, SessionInput, SessionUser } from "@verity/session-machine"
import { advanceSession, sessionMachine, startSession } from "@verity/session-machine"
import { createActor } from "xstate"
import { liveHeapBytes } from "./heap.ts"

export type RepresentationFigures = {
  readonly label: string
  readonly count: number
  readonly heapBytesPerSession: number
  readonly createMicros: number
  /** One USER_CHANGED per session: the per-session cost of fan-out. */
  readonly advanceMicros: number
}

type Holder<T> = {
  readonly label: string
  start(input: SessionInput): T
  advance(held: T, event: SessionEvent): void
  readonly confirmed: (held: T) => boolean
}

const sessionsPerUser = 10

// Inputs shaped like the SessionManager's: ten sessions per user share its record's strings; each
// session has its own ids and timestamps. Built inside the measured window for both holders alike.
const inputFor = (user: SessionUser, nowMs: number): SessionInput => {
  const now = new Date(nowMs).toISOString()
  return {
    user: { ...user },
    userVersion: 1,
    session: {
      id: crypto.randomUUID(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(nowMs + 30 * 86_400_000).toISOString(),
      userAgent: "verity-bench",
      ip: "127.0.0.1"
    },
    idleTimeoutMs: 7 * 86_400_000
  }
}

const measure = <T>(holder: Holder<T>, count: number): RepresentationFigures => {
  const users: Array<SessionUser> = Array.from({ length: Math.ceil(count / sessionsPerUser) }, (_, index) => ({
    id: crypto.randomUUID(),
    email: `representation-${index}@bench.test`,
    emailConfirmed: false,
    status: "active",
    createdAt: new Date().toISOString()
  }))
  const before = liveHeapBytes()
  const held = new Map<string, { readonly userIndex: number; value: T }>()
  const createStart = performance.now()
  for (let index = 0; index < count; index++) {
    const userIndex = Math.floor(index / sessionsPerUser)
    const input = inputFor(users[userIndex]!, Date.now())
    held.set(input.session.id, { userIndex, value: holder.start(input) })
  }
  const createMs = performance.now() - createStart
  const after = liveHeapBytes()

  const changes = users.map((user): SessionEvent => ({
    type: "USER_CHANGED",
    user: { ...user, emailConfirmed: true },
    version: 2,
    cause: "emailConfirmed"
  }))
  const advanceStart = performance.now()
  for (const entry of held.values()) holder.advance(entry.value, changes[entry.userIndex]!)
  const advanceMs = performance.now() - advanceStart
  for (const entry of held.values()) {
    if (!holder.confirmed(entry.value)) throw new Error(`${holder.label}: a session missed the change.`)
  }
  return {
    label: holder.label,
    count: held.size,
    heapBytesPerSession: (after - before) / held.size,
    createMicros: (createMs * 1000) / held.size,
    advanceMicros: (advanceMs * 1000) / held.size
  }
}

/** What Verity keeps: the machine snapshot, advanced with the pure transition. */
const snapshots: Holder<{ snapshot: ReturnType<typeof startSession> }> = {
  label: "snapshot + pure transition (Verity)",
  start: (input) => ({ snapshot: startSession(input) }),
  advance: (held, event) => {
    held.snapshot = advanceSession(held.snapshot, event).snapshot
  },
  confirmed: (held) => held.snapshot.matches({ active: { email: "verified" } })
}

/** The alternative: one started XState actor per session. */
const actors: Holder<ReturnType<typeof createActor<typeof sessionMachine>>> = {
  label: "createActor(sessionMachine).start()",
  start: (input) => createActor(sessionMachine, { input }).start(),
  advance: (actor, event) => actor.send(event),
  confirmed: (actor) => actor.getSnapshot().matches({ active: { email: "verified" } })
}

/** Both representations, same inputs and count, one after the other in this process. */
export const compareRepresentations = (count: number): ReadonlyArray<RepresentationFigures> => [
  measure(snapshots, count),
  measure(actors, count)
]
