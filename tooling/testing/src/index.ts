export { type AdjustableClock, makeAdjustableClock } from "./adjustableClock.ts"
export { resetLinkToken, verificationCode, verificationLinkToken } from "./mailLinks.ts"
export { type CaughtMail, type SmtpCatcher, startSmtpCatcher } from "./smtpCatcher.ts"
export { testEnv } from "./testEnv.ts"
