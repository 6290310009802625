export { resetLinkToken, verificationCode, verificationLinkToken } from "./mailLinks.ts"
export { type CaughtMail, type SmtpCatcher, startSmtpCatcher } from "./smtpCatcher.ts"
