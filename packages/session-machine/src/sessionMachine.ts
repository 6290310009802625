import { assign, setup } from "xstate"
import type { RevokeReason } from "@verity/domain"
import type { SessionContext, SessionInput, SessionUser } from "./sessionContext.ts"
import type { SessionEvent } from "./sessionEvents.ts"
import { hasExpiredAt, movesLastSeenAt } from "./sessionExpiry.ts"

type VersionParams = { readonly version: number }
type UserParams = { readonly user: SessionUser; readonly version: number }
type TimeParams = { readonly at: string }

/**
 * One login session, and every rule about it: which state it is in, when it ends by itself,
 * when what it holds can no longer be trusted.
 *
 * Pure on purpose: only guards, `assign` and named effects with no implementation, so the owner
 * can keep 100k snapshots and advance them with XState's pure transition instead of paying for
 * a live actor each. The effects (`reloadUser`, `recordExpiryInStore`) are returned to the owner,
 * which performs them: the machine says *that* the store must be read or written, the owner *how*.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    input: {} as SessionInput,
    events: {} as SessionEvent
  },
  guards: {
    isNextVersion: ({ context }, params: VersionParams) => params.version === context.userVersion + 1,
    // Applying a later version over a missing one could resurrect what the missing one changed.
    isVersionGap: ({ context }, params: VersionParams) => params.version > context.userVersion + 1,
    isNotOlder: ({ context }, params: VersionParams) => params.version >= context.userVersion,
    isEmailConfirmed: ({ context }) => context.user.emailConfirmed,
    isEmailUnconfirmed: ({ context }) => !context.user.emailConfirmed,
    isUserSuspended: ({ context }) => context.user.status === "suspended",
    wasRevokedBeforeLoad: ({ context }) => context.revokedReason !== null,
    hasExpired: ({ context }, params: TimeParams) => hasExpiredAt(context, Date.parse(params.at)),
    movesLastSeen: ({ context }, params: TimeParams) => movesLastSeenAt(context, Date.parse(params.at))
  },
  actions: {
    applyUser: assign((_, params: UserParams) => ({ user: params.user, userVersion: params.version })),
    touch: assign(({ context }, params: TimeParams) => ({ session: { ...context.session, lastSeenAt: params.at } })),
    recordRevokeReason: assign((_, params: { readonly reason: RevokeReason }) => ({ revokedReason: params.reason })),
    // Effects for the owner (see above); they have no body here.
    /** Read the user from the store and send USER_RELOADED. */
    reloadUser: () => {},
    /** The session ended by its own clock, which no one has written down yet: record it. */
    recordExpiryInStore: () => {}
  }
}).createMachine({
  id: "session",
  context: ({ input }) => ({
    user: input.user,
    userVersion: input.userVersion,
    session: input.session,
    idleTimeoutMs: input.idleTimeoutMs,
    revokedReason: input.revokedReason ?? null
  }),
  initial: "active",
  states: {
    active: {
      type: "parallel",
      // Re-checked after every event, so a session loaded from the store and one changed live
      // reach the same state by the same rule.
      always: [
        { guard: "wasRevokedBeforeLoad", target: "revoked" },
        {
          guard: "isUserSuspended",
          target: "revoked",
          actions: { type: "recordRevokeReason", params: { reason: "suspended" } }
        }
      ],
      states: {
        email: {
          initial: "unverified",
          states: {
            unverified: { always: { guard: "isEmailConfirmed", target: "verified" } },
            verified: { always: { guard: "isEmailUnconfirmed", target: "unverified" } }
          }
        },
        // Whether what the session holds is the user's latest version. A gap means a change was
        // missed: the session keeps what it has (a later version applied over a missing one
        // could undo it) and asks for the user from the store. This region owns every user
        // event, since XState lets a parallel state's own handlers run only when no region
        // handles the event.
        freshness: {
          initial: "current",
          states: {
            current: {
              on: {
                USER_CHANGED: [
                  {
                    guard: { type: "isVersionGap", params: ({ event }) => ({ version: event.version }) },
                    target: "stale"
                  },
                  {
                    guard: { type: "isNextVersion", params: ({ event }) => ({ version: event.version }) },
                    actions: {
                      type: "applyUser",
                      params: ({ event }) => ({ user: event.user, version: event.version })
                    }
                  }
                ],
                USER_RELOADED: {
                  guard: { type: "isNotOlder", params: ({ event }) => ({ version: event.version }) },
                  actions: { type: "applyUser", params: ({ event }) => ({ user: event.user, version: event.version }) }
                }
              }
            },
            stale: {
              entry: "reloadUser",
              on: {
                USER_CHANGED: {
                  guard: { type: "isNextVersion", params: ({ event }) => ({ version: event.version }) },
                  actions: { type: "applyUser", params: ({ event }) => ({ user: event.user, version: event.version }) }
                },
                USER_RELOADED: {
                  guard: { type: "isNotOlder", params: ({ event }) => ({ version: event.version }) },
                  target: "current",
                  actions: { type: "applyUser", params: ({ event }) => ({ user: event.user, version: event.version }) }
                }
              }
            }
          }
        }
      },
      on: {
        TOUCH: [
          {
            guard: { type: "hasExpired", params: ({ event }) => ({ at: event.at }) },
            target: "revoked",
            actions: [{ type: "recordRevokeReason", params: { reason: "expired" } }, "recordExpiryInStore"]
          },
          {
            guard: { type: "movesLastSeen", params: ({ event }) => ({ at: event.at }) },
            actions: { type: "touch", params: ({ event }) => ({ at: event.at }) }
          }
        ],
        TICK: {
          guard: { type: "hasExpired", params: ({ event }) => ({ at: event.at }) },
          target: "revoked",
          actions: [{ type: "recordRevokeReason", params: { reason: "expired" } }, "recordExpiryInStore"]
        },
        REVOKE: {
          target: "revoked",
          actions: { type: "recordRevokeReason", params: ({ event }) => ({ reason: event.reason }) }
        }
      }
    },
    // Final: XState stops processing events once the machine is done, so nothing can
    // bring a revoked session back.
    revoked: { type: "final" }
  }
})
