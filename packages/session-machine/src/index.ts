export type { RevokeReason, SessionContext, SessionInfo, SessionInput, SessionUser } from "./sessionContext.ts"
export type {
  ExpireEvent,
  RevokeEvent,
  SessionEvent,
  SyncEvent,
  TouchEvent,
  UserChangeCause,
  UserChangedEvent
} from "./sessionEvents.ts"
export { sessionMachine } from "./sessionMachine.ts"
export {
  canContactSupport,
  hasConfirmedEmail,
  isActive,
  isRevoked,
  needsReload,
  revokedReason,
  sessionStateName
} from "./gates.ts"
export type { SessionSnapshot, SessionStateName } from "./gates.ts"
export { advanceSession, startSession } from "./sessionSteps.ts"
