export type { SessionContext, SessionInfo, SessionInput, SessionUser } from "./sessionContext.ts"
export type {
  RevokeEvent,
  SessionEvent,
  TickEvent,
  TouchEvent,
  UserChangedEvent,
  UserReloadedEvent
} from "./sessionEvents.ts"
export { sessionMachine } from "./sessionMachine.ts"
export { sessionEndsAt, touchMatters } from "./sessionExpiry.ts"
export type { SessionSnapshot } from "./sessionSnapshot.ts"
export { isActive, isRevoked, isStale, revokedReason, sessionStateName } from "./sessionState.ts"
export { canContactSupport, hasConfirmedEmail } from "./gates.ts"
export { advanceSession, type SessionEffect, type SessionStep, startSession } from "./sessionSteps.ts"
export { stepsForUserEvent, type UserEvent } from "./userEventSteps.ts"
export { explainStep, type ExplainedStep, type GuardReference, type TakenTransition } from "./sessionSteps.ts"
export { acceptedEvents, type AcceptedEvent, sessionEventTypes } from "./acceptedEvents.ts"
