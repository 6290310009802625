import {
  advanceSession,
  isRevoked,
  type SessionEffect,
  type SessionEvent,
  type SessionStep
} from "@verity/session-machine"
import type { SessionSnapshot } from "@verity/session-machine"
import { Context, Effect, Layer } from "effect"
import { SessionActivity, type StepOrigin } from "../activity/SessionActivity.ts"
import type { LiveSession } from "./LiveSession.ts"

/** Told of every change of one session's state (the `session.changes` stream). */
export type SessionWatcher = (snapshot: SessionSnapshot) => void

/**
 * Every live session actor of this process, in memory, and the only place their state moves.
 *
 * Actors are plain machine snapshots in a Map keyed by session id, advanced with the session
 * machine's pure transition, plus an index userId -> session ids so that fan-out costs the
 * changed user's sessions only, never all of them. Measured by `npm run bench` at 100,000
 * sessions: about 0.8–0.9 KiB per session held this way (snapshots in one state share its
 * objects, sessions of a user share its user object), against 4.5 KiB for a started XState
 * `createActor`. Do not hold them as children of one parent actor: XState copies the children
 * map on every spawn, which is quadratic.
 *
 * Pure and synchronous (no Effect, no store): the SessionManager performs what a step asks for.
 */
export type SessionRegistry = {
  get(sessionId: string): LiveSession | undefined
  findByTokenHash(tokenHash: string): LiveSession | undefined
  /** The user's live sessions that have not ended (an ended one leaves this index at once). */
  activeSessionsOf(userId: string): ReadonlyArray<LiveSession>
  /** One of the user's live sessions that have not ended, if any. */
  anyActiveSessionOf(userId: string): LiveSession | undefined
  /** Users with at least one live, active session. */
  activeUserIds(): ReadonlyArray<string>
  all(): Iterable<LiveSession>
  readonly size: number
  /** Makes a session live; if it already is (two rebuilds raced), the one already live is kept and answered. */
  add(session: LiveSession): LiveSession
  /** Drops it from memory; the store keeps it and a later request rebuilds it. */
  remove(session: LiveSession): void
  /**
   * One machine step. Watchers hear of a change (and `onStep`, with where it came from); the
   * effects it asks for are the caller's to perform. `step` computes it (default: the machine's
   * `advanceSession`); a fan-out passes `stepsForUserEvent`'s, which answers the same for less.
   */
  advance(
    session: LiveSession,
    event: SessionEvent,
    origin: StepOrigin,
    step?: (snapshot: SessionSnapshot) => SessionStep
  ): ReadonlyArray<SessionEffect>
  /** Calls `watcher` after every change of that session; answers the function that stops it. */
  watch(sessionId: string, watcher: SessionWatcher): () => void
  isWatched(sessionId: string): boolean
}

/** Told of every step that changed a session, after its watchers. */
export type StepListener = (
  session: LiveSession,
  event: SessionEvent,
  before: SessionSnapshot,
  origin: StepOrigin
) => void

export const makeSessionRegistry = (onStep: StepListener = () => {}): SessionRegistry => {
  const byId = new Map<string, LiveSession>()
  const idByTokenHash = new Map<string, string>()
  const activeIdsByUser = new Map<string, Set<string>>()
  const watchers = new Map<string, Set<SessionWatcher>>()

  const unindexUser = (session: LiveSession) => {
    const ids = activeIdsByUser.get(session.userId)
    if (ids === undefined) return
    ids.delete(session.sessionId)
    if (ids.size === 0) activeIdsByUser.delete(session.userId)
  }

  return {
    get: (sessionId) => byId.get(sessionId),
    findByTokenHash: (tokenHash) => {
      const id = idByTokenHash.get(tokenHash)
      return id === undefined ? undefined : byId.get(id)
    },
    activeSessionsOf: (userId) => {
      const ids = activeIdsByUser.get(userId)
      if (ids === undefined) return []
      const sessions: Array<LiveSession> = []
      for (const id of ids) {
        const session = byId.get(id)
        if (session !== undefined) sessions.push(session)
      }
      return sessions
    },
    anyActiveSessionOf: (userId) => {
      const ids = activeIdsByUser.get(userId)
      if (ids === undefined) return undefined
      for (const id of ids) return byId.get(id)
      return undefined
    },
    activeUserIds: () => [...activeIdsByUser.keys()],
    all: () => byId.values(),
    get size() {
      return byId.size
    },
    add: (session) => {
      const existing = byId.get(session.sessionId)
      if (existing !== undefined) return existing
      byId.set(session.sessionId, session)
      idByTokenHash.set(session.tokenHash, session.sessionId)
      if (!isRevoked(session.snapshot)) {
        let ids = activeIdsByUser.get(session.userId)
        if (ids === undefined) activeIdsByUser.set(session.userId, (ids = new Set()))
        ids.add(session.sessionId)
      }
      return session
    },
    remove: (session) => {
      byId.delete(session.sessionId)
      idByTokenHash.delete(session.tokenHash)
      unindexUser(session)
    },
    advance: (session, event, origin, step) => {
      const before = session.snapshot
      const { snapshot, effects } = step === undefined ? advanceSession(before, event) : step(before)
      if (snapshot === before) return effects
      session.snapshot = snapshot
      if (isRevoked(snapshot)) unindexUser(session)
      const watching = watchers.get(session.sessionId)
      if (watching !== undefined) for (const watcher of watching) watcher(snapshot)
      onStep(session, event, before, origin)
      return effects
    },
    watch: (sessionId, watcher) => {
      let watching = watchers.get(sessionId)
      if (watching === undefined) watchers.set(sessionId, (watching = new Set()))
      watching.add(watcher)
      return () => {
        watching.delete(watcher)
        if (watching.size === 0) watchers.delete(sessionId)
      }
    },
    isWatched: (sessionId) => watchers.has(sessionId)
  }
}

/** This process's registry, shared by the manager, the loader and eviction; its steps are told to SessionActivity. */
export class LiveSessions extends Context.Service<LiveSessions, SessionRegistry>()(
  "@verity/api/sessions/LiveSessions"
) {
  static readonly layer = Layer.effect(
    LiveSessions,
    Effect.gen(function* () {
      const activity = yield* SessionActivity
      return makeSessionRegistry((session, event, before, origin) =>
        activity.publish({ _tag: "Stepped", session, event, before, after: session.snapshot, origin })
      )
    })
  )
}
