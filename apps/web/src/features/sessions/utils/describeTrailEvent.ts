import type { VerityOutputs } from "@verity/client/react"
import { formatWhen } from "../../../lib/format/formatWhen.ts"

/** One thing that happened to one of the user's sessions, as `session.trail` tells it. */
export type TrailEvent = VerityOutputs["session"]["trail"][number]["events"][number]

type EndReason = Extract<TrailEvent, { readonly kind: "ended" }>["reason"]
type ChangeCause = Extract<TrailEvent, { readonly kind: "accountChanged" }>["cause"]

// Exhaustive tables: a new reason or cause from the API does not compile until it has its words.
// The words speak of the session they are shown under, which may be this device or another.

const endings: { readonly [Reason in EndReason]: string } = {
  signedOut: "Signed out",
  revokedByUser: "Signed out from another device",
  passwordChanged: "Signed out because the password was changed on another device",
  passwordReset: "Signed out because the password was reset",
  suspended: "Signed out because the account was suspended",
  expired: "Signed out because the session expired",
  accountRecovered: "Signed out because the previous owner of the email address took the account back",
  accountDeleted: "Signed out because the account was deleted: its email address's owner had not created it"
}

const changes: { readonly [Cause in ChangeCause]: string } = {
  emailConfirmed: "Email address confirmed",
  emailChanged: "Email address changed; the new one is not confirmed yet",
  passwordChanged: "Password changed",
  passwordReset: "Password reset",
  suspended: "Account suspended",
  unsuspended: "Account restored after a suspension",
  externalWrite: "Account updated by support",
  emailChangeUndone: "Email change undone; the previous address is back",
  signUpRejected: "Account deleted: its email address's owner had not created it"
}

const whatHappened = (event: TrailEvent): string => {
  switch (event.kind) {
    case "signedIn":
      return "Signed in"
    case "accountChanged":
      return changes[event.cause]
    case "ended":
      return endings[event.reason]
  }
}

/** "Signed out because the password was changed on another device, 10:42 AM". */
export const describeTrailEvent = (event: TrailEvent, now?: Date): string =>
  `${whatHappened(event)}, ${formatWhen(event.at, now)}`
