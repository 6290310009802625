import { assign, setup } from "xstate"
import type { RevokeReason, SessionContext, SessionInput, SessionUser } from "./sessionContext.ts"
import type { SessionEvent } from "./sessionEvents.ts"

type VersionParams = { readonly version: number }
type UserParams = { readonly user: SessionUser; readonly version: number }

/**
 * One login session. Pure on purpose: only guards and `assign`, no actors, delays or
 * side effects, so the owner can keep 100k snapshots and advance them with XState's pure
 * `transition` instead of paying for a live actor each; it performs effects by reading
 * the resulting snapshot.
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
    wasRevokedBeforeLoad: ({ context }) => context.revokedReason !== null
  },
  actions: {
    applyUser: assign((_, params: UserParams) => ({ user: params.user, userVersion: params.version })),
    syncUser: assign((_, params: UserParams) => ({
      user: params.user,
      userVersion: params.version,
      reloadNeeded: false
    })),
    requestReload: assign({ reloadNeeded: true }),
    touch: assign(({ context }, params: { readonly at: string }) => ({
      session: { ...context.session, lastSeenAt: params.at }
    })),
    recordRevokeReason: assign((_, params: { readonly reason: RevokeReason }) => ({
      revokedReason: params.reason
    }))
  }
}).createMachine({
  id: "session",
  context: ({ input }) => ({
    user: input.user,
    userVersion: input.userVersion,
    session: input.session,
    revokedReason: input.revokedReason ?? null,
    reloadNeeded: false
  }),
  initial: "active",
  states: {
    active: {
      initial: "unverified",
      // Re-checked after every event, so a session loaded from the store and one changed
      // live reach the same state by the same rule.
      always: [
        { guard: "wasRevokedBeforeLoad", target: "revoked" },
        {
          guard: "isUserSuspended",
          target: "revoked",
          actions: { type: "recordRevokeReason", params: { reason: "suspended" } }
        }
      ],
      states: {
        unverified: {
          always: { guard: "isEmailConfirmed", target: "verified" }
        },
        verified: {
          always: { guard: "isEmailUnconfirmed", target: "unverified" }
        }
      },
      on: {
        USER_CHANGED: [
          {
            guard: { type: "isNextVersion", params: ({ event }) => ({ version: event.version }) },
            actions: {
              type: "applyUser",
              params: ({ event }) => ({ user: event.user, version: event.version })
            }
          },
          {
            guard: { type: "isVersionGap", params: ({ event }) => ({ version: event.version }) },
            actions: "requestReload"
          }
        ],
        SYNC: {
          guard: { type: "isNotOlder", params: ({ event }) => ({ version: event.version }) },
          actions: {
            type: "syncUser",
            params: ({ event }) => ({ user: event.user, version: event.version })
          }
        },
        TOUCH: {
          actions: { type: "touch", params: ({ event }) => ({ at: event.at }) }
        },
        REVOKE: {
          target: "revoked",
          actions: { type: "recordRevokeReason", params: ({ event }) => ({ reason: event.reason }) }
        },
        EXPIRE: {
          target: "revoked",
          actions: { type: "recordRevokeReason", params: { reason: "expired" } }
        }
      }
    },
    // Final: XState stops processing events once the machine is done, so nothing can
    // bring a revoked session back (G4).
    revoked: { type: "final" }
  }
})
