export { type ErrorReason, type RevokedReason } from "../apiFailure.ts"
export { minVersionHeader, userIdHeader, userVersionHeader } from "../causalConsistency.ts"
export type { Whoami } from "../routerTypes.ts"
export { type CheckSession, createSessionCheck, type SessionCheckOptions } from "./createSessionCheck.ts"
export {
  type IncomingRequest,
  type NodeHeaders,
  secureSessionCookieName,
  sessionCookieName
} from "./incomingCredentials.ts"
export type { SessionAllowed, SessionCheck, SessionRefused, VerityUnreachable } from "./SessionCheck.ts"
