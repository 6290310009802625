import { apiFailureOf, type ErrorReason } from "@verity/client/react"
import { formatWait } from "../format/formatWait.ts"
import { describeSessionEnd } from "./describeSessionEnd.ts"

/** Page-specific wording for some reasons, e.g. "your current password is not right". */
export type FailureWording = Partial<Record<ErrorReason, string>>

/** One clear sentence for a failed call, whatever it was: every `data.reason`, or no answer at all. */
export const describeFailure = (error: unknown, wording: FailureWording = {}): string => {
  const failure = apiFailureOf(error)
  if (failure === null) return "Verity could not be reached. Check your connection and try again."
  const specific = wording[failure.reason]
  if (specific !== undefined) return specific
  switch (failure.reason) {
    case "VALIDATION":
      return `Please check the form: ${failure.message}`
    case "INVALID_CREDENTIALS":
      return "That email and password do not match an account."
    case "EMAIL_TAKEN":
      return "An account already uses that email address. Sign in instead, or use another address."
    case "EMAIL_NOT_CONFIRMED":
      return "Confirm your email address first: open the link we sent you, or enter its 6-digit code."
    case "TOKEN_INVALID":
      return "This link or code no longer works: it was already used, a newer one replaced it, or the address changed. Ask for a new one."
    case "TOKEN_EXPIRED":
      return "This link has expired. Ask for a new one."
    case "CODE_INVALID":
      return "That code is not right. Check the 6 digits in the newest email."
    case "TOO_MANY_ATTEMPTS":
      return "Too many wrong codes: this code no longer works. Send yourself a new email."
    case "RATE_LIMITED":
      return `Too many attempts. Please try again in ${formatWait(failure.retryAfterSeconds ?? 60)}.`
    case "SESSION_REVOKED":
      return describeSessionEnd(failure.revokedReason ?? null)
    case "UNAUTHENTICATED":
      return "You are signed out. Sign in to continue."
    case "WEAK_PASSWORD":
      return `Choose a stronger password. ${failure.message}`
    case "ACCOUNT_SUSPENDED":
      return "This account is suspended. Contact support to restore it."
    case "TOO_MANY_STREAMS":
      return "This page stopped following your account live: newer tabs of it are open. Come back to this tab to follow again."
    case "CROSS_SITE_REQUEST":
      return "Refused: the request did not come from Verity's own address. Open Verity directly and try again."
    case "FORBIDDEN":
      return "You are not allowed to do that."
    case "NOT_FOUND":
      return "That no longer exists. Reload the page to see what is there now."
    case "STORE_UNAVAILABLE":
      return "Verity cannot save anything right now, so nothing was changed. Please try again in a few minutes."
    case "INTERNAL":
      return "Something went wrong on our side. Please try again in a moment."
  }
}
