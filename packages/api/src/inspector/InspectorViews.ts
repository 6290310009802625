// Over 200 lines on purpose: every answer of inspect.*, as schemas the built client writes out in full; one file, so the shapes that mirror the machine sit side by side.
/**
 * Every answer of `inspect.*`, as Effect Schemas (like the domain's Whoami and SessionView).
 *
 * Schemas, not declared TypeScript types, on purpose: the built `@verity/client` writes each
 * procedure's output type out in full, and TypeScript's declaration emitter copies a declared
 * union as it is spelt (a named alias from another package that the client's types cannot
 * import), where a type computed from a schema is written out member by member. The machine's
 * own shapes (its state value, context and events) are mirrored here; each builder assigns the
 * machine's values to them, so a change to the machine that these do not follow fails to compile.
 */
import { RevokeReason, SessionStateName, User, UserChangeCause, UserStatus } from "@verity/domain"
import { Schema } from "effect"

const Nullable = Schema.NullOr

/** The machine's state value: "revoked", or which email and freshness state an active session is in. */
export const SessionStateValue = Schema.Union([
  Schema.Literal("revoked"),
  Schema.Struct({
    active: Schema.Struct({
      email: Schema.Literals(["unverified", "verified"]),
      freshness: Schema.Literals(["current", "stale"])
    })
  })
])

/** The machine's context (the user's address masked wherever the inspector shows it). */
export const SessionContextView = Schema.Struct({
  user: User,
  userVersion: Schema.Number,
  session: Schema.Struct({
    id: Schema.String,
    createdAt: Schema.String,
    lastSeenAt: Schema.String,
    expiresAt: Schema.String,
    userAgent: Nullable(Schema.String),
    ip: Nullable(Schema.String)
  }),
  idleTimeoutMs: Schema.Number,
  revokedReason: Nullable(RevokeReason)
})

/** An event as the session machine takes it (addresses masked). */
export const SessionEventView = Schema.Union([
  Schema.Struct({ type: Schema.Literal("USER_CHANGED"), user: User, version: Schema.Number, cause: UserChangeCause }),
  Schema.Struct({ type: Schema.Literal("USER_RELOADED"), user: User, version: Schema.Number }),
  Schema.Struct({ type: Schema.Literal("TOUCH"), at: Schema.String }),
  Schema.Struct({ type: Schema.Literal("TICK"), at: Schema.String }),
  Schema.Struct({ type: Schema.Literal("REVOKE"), reason: RevokeReason })
])

/** Why a step happened: the change's cause, or why the session ended. */
export const StepCause = Nullable(Schema.Union([UserChangeCause, RevokeReason]))

/** A machine snapshot: its state, the public name of it, its status and its context. */
export const InspectedMachine = Schema.Struct({
  value: SessionStateValue,
  stateName: SessionStateName,
  status: Schema.Literals(["active", "done", "error", "stopped"]),
  context: SessionContextView
})
export type InspectedMachine = typeof InspectedMachine.Type

/** A kind of event, asked as a representative one, and whether the session takes a step on it now. */
export const AcceptedEventView = Schema.Struct({ event: SessionEventView, accepted: Schema.Boolean })

const entryFields = {
  id: Schema.String,
  sessionId: Schema.String,
  at: Schema.String,
  instanceId: Schema.String,
  requestId: Nullable(Schema.String)
}

/** One record of a session's trail. */
export const TrailEntry = Schema.Union([
  Schema.Struct({
    ...entryFields,
    kind: Schema.Literal("started"),
    how: Schema.Literals(["opened", "rebuilt"]),
    state: SessionStateValue,
    userVersion: Schema.Number
  }),
  Schema.Struct({
    ...entryFields,
    kind: Schema.Literals(["stepped", "touched"]),
    event: SessionEventView,
    cause: StepCause,
    stateBefore: SessionStateValue,
    stateAfter: SessionStateValue,
    userVersionBefore: Schema.Number,
    userVersionAfter: Schema.Number
  }),
  Schema.Struct({
    ...entryFields,
    kind: Schema.Literal("evicted"),
    state: SessionStateValue,
    userVersion: Schema.Number
  })
])
export type TrailEntry = typeof TrailEntry.Type

const dispatchFields = {
  id: Schema.String,
  at: Schema.String,
  instanceId: Schema.String,
  requestId: Nullable(Schema.String),
  userVersion: Schema.Number,
  cause: UserChangeCause,
  /** The change's stamp; null when the writer left none. */
  committedAt: Nullable(Schema.String),
  /** The live sessions it reached on that instance, in order. */
  reachedSessionIds: Schema.Array(Schema.String),
  durationMs: Schema.Number
}

/** One instance's delivery of a user change to the live sessions it held. */
export const DispatchEntry = Schema.Struct(dispatchFields)
export type DispatchEntry = typeof DispatchEntry.Type

/** A user, the address masked. */
export const InspectedUser = Schema.Struct({
  id: Schema.String,
  email: Schema.String,
  emailConfirmed: Schema.Boolean,
  status: UserStatus,
  createdAt: Schema.String,
  /** The stored version: every live session should hold it. */
  version: Schema.Number,
  lastChange: Nullable(Schema.Struct({ cause: UserChangeCause, at: Schema.String }))
})
export type InspectedUser = typeof InspectedUser.Type

export const InspectedSession = Schema.Struct({
  id: Schema.String,
  createdAt: Schema.String,
  expiresAt: Schema.String,
  device: Schema.Struct({ userAgent: Nullable(Schema.String), ip: Nullable(Schema.String) }),
  /** As the store says: a revoked session stays revoked everywhere (G4). */
  revokedAt: Nullable(Schema.String),
  revokedReason: Nullable(RevokeReason),
  /** The instance that holds it live (this one from memory, another as its trail says); null for none. */
  heldBy: Nullable(Schema.Struct({ instanceId: Schema.String, thisInstance: Schema.Boolean })),
  /** The live actor's state here, or the state a rebuild from the store would give it now. */
  machine: Schema.Struct({ ...InspectedMachine.fields, source: Schema.Literals(["live", "store"]) }),
  accepts: Schema.Array(AcceptedEventView),
  /** The user version it holds where it is live; null when no instance holds it. */
  heldVersion: Nullable(Schema.Number),
  /** Active and holding an older version than the store: it missed a change. */
  behind: Schema.Boolean,
  lastEvent: Nullable(TrailEntry)
})
export type InspectedSession = typeof InspectedSession.Type

/** One user change, as offered for a fan-out trace. */
export const RecentChange = Schema.Struct({
  version: Schema.Number,
  cause: UserChangeCause,
  committedAt: Nullable(Schema.String),
  dispatches: Schema.Array(Schema.Struct({ instanceId: Schema.String, reached: Schema.Number }))
})
export type RecentChange = typeof RecentChange.Type

const userSessionsFields = {
  user: InspectedUser,
  /** The instance that answered: it sees its own sessions live, the others' through the trail. */
  instanceId: Schema.String,
  checkedAt: Schema.String,
  sessions: Schema.Array(InspectedSession),
  /** More sessions than listed exist (the newest are listed). */
  truncated: Schema.Boolean,
  /** How many sessions are behind: none on a healthy system. */
  behindCount: Schema.Number,
  recentChanges: Schema.Array(RecentChange)
}

/** `inspect.sessionsOf`: the user, every session of theirs, the staleness detector, recent changes. */
export const UserSessions = Schema.Struct(userSessionsFields)
export type UserSessions = typeof UserSessions.Type

/** `inspect.trail`: a session's records, oldest first. */
export const SessionTrailView = Schema.Struct({
  sessionId: Schema.String,
  userId: Schema.String,
  entries: Schema.Array(TrailEntry)
})
export type SessionTrailView = typeof SessionTrailView.Type

/** `inspect.fanOut`: one user change, every session it could reach, and what became of it there. */
export const FanOutTraceView = Schema.Struct({
  userId: Schema.String,
  version: Schema.Number,
  cause: Nullable(UserChangeCause),
  committedAt: Nullable(Schema.String),
  /** Each instance's delivery; `delayMs` runs from the commit to its end. */
  dispatches: Schema.Array(Schema.Struct({ ...dispatchFields, delayMs: Nullable(Schema.Number) })),
  sessions: Schema.Array(
    Schema.Struct({
      sessionId: Schema.String,
      device: Schema.Struct({ userAgent: Nullable(Schema.String), ip: Nullable(Schema.String) }),
      outcome: Schema.Literals(["reached", "caughtUp", "rebuiltLater", "dormant", "missed"]),
      /** Where it arrived; for `missed`, the instance that held the session. */
      instanceId: Nullable(Schema.String),
      /** When it arrived, and how long after the commit (null when it did not, or the commit time is unknown). */
      at: Nullable(Schema.String),
      delayMs: Nullable(Schema.Number),
      requestId: Nullable(Schema.String)
    })
  )
})
export type FanOutTraceView = typeof FanOutTraceView.Type

/** A guard as a transition names it, with the parameters it was asked with. */
const GuardReference = Schema.Struct({
  name: Schema.String,
  params: Nullable(Schema.Record(Schema.String, Nullable(Schema.Union([Schema.String, Schema.Number, Schema.Boolean]))))
})

/** A transition a step took (`id` as the statechart names it), and the guards that decided it. */
export const TakenTransitionView = Schema.Struct({
  id: Schema.String,
  trigger: Schema.Literals(["event", "always"]),
  source: Schema.String,
  targets: Schema.Array(Schema.String),
  guard: Nullable(GuardReference),
  rejected: Schema.Array(GuardReference)
})

const Leaf = Nullable(Schema.Union([Schema.String, Schema.Number, Schema.Boolean]))

/** One leaf of the context that differs between two steps (`user.emailConfirmed`). */
export const ContextChange = Schema.Struct({ path: Schema.String, before: Leaf, after: Leaf })
export type ContextChange = typeof ContextChange.Type

export const ReplayStep = Schema.Struct({
  index: Schema.Number,
  /**
   * `recorded`: a record, stepped again; `reconstructed`: a TOUCH the trail folded into its
   * minute, rebuilt from the next step's `lastSeenAt`; `resynced`: a gap in the trail, after
   * which the replay goes on from the next record's own context.
   */
  source: Schema.Literals(["recorded", "reconstructed", "resynced"]),
  kind: Schema.Literals(["started", "stepped", "touched", "evicted"]),
  recordId: Schema.String,
  at: Schema.String,
  instanceId: Schema.String,
  requestId: Nullable(Schema.String),
  how: Nullable(Schema.Literals(["opened", "rebuilt"])),
  event: Nullable(SessionEventView),
  cause: StepCause,
  decidedBy: Schema.Array(TakenTransitionView),
  effects: Schema.Array(Schema.Literals(["reloadUser", "recordExpiryInStore"])),
  state: InspectedMachine,
  contextChanges: Schema.Array(ContextChange),
  /** The replay reached the state and user version the trail recorded after this step. */
  matchesRecording: Schema.Boolean
})
export type ReplayStep = typeof ReplayStep.Type

/** `inspect.replay`. */
export const SessionReplayView = Schema.Struct({
  sessionId: Schema.String,
  userId: Schema.String,
  steps: Schema.Array(ReplayStep),
  /** It starts where the session was made live and has no gap. */
  complete: Schema.Boolean
})
export type SessionReplayView = typeof SessionReplayView.Type

/** A snapshot as inspection events carry it. */
const InspectedSnapshotJson = Schema.Struct({
  status: InspectedMachine.fields.status,
  value: SessionStateValue,
  context: SessionContextView
})

/** The events: the session's, or those only XState itself sends (an actor starting, one stopping). */
const InspectedEvent = Schema.Union([
  SessionEventView,
  Schema.Struct({ type: Schema.Literal("xstate.init") }),
  Schema.Struct({ type: Schema.Literal("xstate.stop") })
])

const inspectionFields = {
  /** The root actor's session id; every session is a root actor. */
  rootId: Schema.String,
  /** The actor's: the Verity session's id. */
  sessionId: Schema.String,
  id: Schema.String,
  createdAt: Schema.String
}

/** XState 5's `InspectionEvent`s as JSON: `actorRef` given as the actor's `sessionId`. */
export const ExportedInspectionEvent = Schema.Union([
  Schema.Struct({
    ...inspectionFields,
    type: Schema.Literal("@xstate.actor"),
    name: Schema.String,
    /** The machine definition, JSON-encoded, as `machine.toJSON()` gives it. */
    definition: Schema.String,
    snapshot: InspectedSnapshotJson
  }),
  Schema.Struct({ ...inspectionFields, type: Schema.Literal("@xstate.event"), event: InspectedEvent }),
  Schema.Struct({
    ...inspectionFields,
    type: Schema.Literal("@xstate.snapshot"),
    event: InspectedEvent,
    snapshot: InspectedSnapshotJson
  })
])
export type ExportedInspectionEvent = typeof ExportedInspectionEvent.Type

/** `inspect.exportTrail`. */
export const InspectionExport = Schema.Struct({
  /** A name for the file the inspector offers to save. */
  fileName: Schema.String,
  events: Schema.Array(ExportedInspectionEvent)
})
export type InspectionExport = typeof InspectionExport.Type

/** `inspect.watchUser`'s messages. */
export const LiveMessage = Schema.Union([
  /** Everything `inspect.sessionsOf` answers: first, and again after the feed may have missed something. */
  Schema.Struct({ kind: Schema.Literal("sessions"), ...userSessionsFields }),
  /**
   * A trail entry of one of the user's sessions, with the session's state right after it when
   * this instance holds it (null, empty and false when another instance does).
   */
  Schema.Struct({
    kind: Schema.Literal("trail"),
    entry: TrailEntry,
    machine: Nullable(Schema.Struct({ ...InspectedMachine.fields, source: Schema.Literal("live") })),
    accepts: Schema.Array(AcceptedEventView),
    heldVersion: Nullable(Schema.Number),
    /** Holds an older version than the latest this watch knows the user to have. */
    behind: Schema.Boolean
  }),
  /** A change of the user delivered to the sessions an instance held. */
  Schema.Struct({ kind: Schema.Literal("dispatch"), ...dispatchFields })
])
export type LiveMessage = typeof LiveMessage.Type

/** One line of the audit log. */
export const AuditEntry = Schema.Struct({
  id: Schema.String,
  at: Schema.String,
  action: Schema.Literals(["signedIn", "signedOut", "emailRevealed"]),
  /** Which sign-in it was made under (the same for everything done in one). */
  accessId: Schema.String,
  ip: Nullable(Schema.String),
  userAgent: Nullable(Schema.String),
  /** The user whose address was revealed; null for sign-in and sign-out. */
  subjectUserId: Nullable(Schema.String)
})
export type AuditEntry = typeof AuditEntry.Type
