/**
 * A user's sessions as `inspect.watchUser` keeps them current: the first message is the whole
 * picture (what `inspect.sessionsOf` answers), then each trail step, start, eviction and fan-out
 * is folded in, so the page follows every session without asking again.
 */
import type { VerityOutputs } from "@verity/client/react"

export type UserSessions = VerityOutputs["inspect"]["sessionsOf"]
export type InspectedSession = UserSessions["sessions"][number]
export type TrailEntry = NonNullable<InspectedSession["lastEvent"]>
/** What `inspect.watchUser` sends: the whole picture, a trail entry, or a fan-out. */
export type LiveMessage = VerityOutputs["inspect"]["watchUser"] extends AsyncIterable<infer Message> ? Message : never

/** What folding a message gave: the new picture, or `unknown` for a session the picture lacks. */
export type Folded = { readonly kind: "folded"; readonly picture: UserSessions } | { readonly kind: "unknownSession" }

const withBehindCount = (picture: UserSessions): UserSessions => ({
  ...picture,
  behindCount: picture.sessions.filter((session) => session.behind).length
})

const foldTrail = (picture: UserSessions, message: Extract<LiveMessage, { kind: "trail" }>): Folded => {
  const { entry } = message
  if (!picture.sessions.some((session) => session.id === entry.sessionId)) return { kind: "unknownSession" }
  const sessions = picture.sessions.map((session): InspectedSession => {
    if (session.id !== entry.sessionId) return session
    // Another instance's step carries no state of its own here: the record says what it was.
    if (message.machine === null) return { ...session, lastEvent: entry }
    return {
      ...session,
      lastEvent: entry,
      machine: message.machine,
      accepts: message.accepts,
      heldVersion: message.heldVersion,
      behind: message.behind,
      heldBy: entry.kind === "evicted" ? null : { instanceId: entry.instanceId, thisInstance: true }
    }
  })
  // A live session that holds the newest version knows the user's fields as they are now.
  const known = message.machine?.context
  const user =
    known !== undefined && known.userVersion >= picture.user.version
      ? { ...picture.user, emailConfirmed: known.user.emailConfirmed, status: known.user.status }
      : picture.user
  return { kind: "folded", picture: withBehindCount({ ...picture, user, sessions }) }
}

const foldDispatch = (picture: UserSessions, message: Extract<LiveMessage, { kind: "dispatch" }>): UserSessions => {
  const dispatch = { instanceId: message.instanceId, reached: message.reachedSessionIds.length }
  const known = picture.recentChanges.some((change) => change.version === message.userVersion)
  const recentChanges = known
    ? picture.recentChanges.map((change) =>
        change.version === message.userVersion ? { ...change, dispatches: [...change.dispatches, dispatch] } : change
      )
    : [
        {
          version: message.userVersion,
          cause: message.cause,
          committedAt: message.committedAt,
          dispatches: [dispatch]
        },
        ...picture.recentChanges
      ]
  const newer = message.userVersion > picture.user.version
  return {
    ...picture,
    recentChanges,
    user: newer
      ? {
          ...picture.user,
          version: message.userVersion,
          lastChange: { cause: message.cause, at: message.committedAt ?? message.at }
        }
      : picture.user
  }
}

export const foldLiveMessage = (picture: UserSessions | null, message: LiveMessage): Folded => {
  if (message.kind === "sessions") {
    const { kind: _kind, ...whole } = message
    return { kind: "folded", picture: whole }
  }
  if (picture === null) return { kind: "unknownSession" }
  if (message.kind === "trail") return foldTrail(picture, message)
  return { kind: "folded", picture: foldDispatch(picture, message) }
}
