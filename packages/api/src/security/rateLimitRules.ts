import type { RateLimitRule } from "@verity/store"
import { addressGroup } from "./clientAddress.ts"

// Every limit in one place, and which of them guard each attempt. Each attempt is counted against
// its limits before the work it guards (RateLimiter.reserve): a sign-in's points are given back
// when the password was right, so only failures stay counted, and a burst of concurrent attempts
// can never all pass. None of them touches an existing session.

const minute = 60
const hour = 60 * minute
const day = 24 * hour

export const rateLimitRules = (settings: { readonly resendCooldownSeconds: number }) =>
  ({
    // Sign-in from a client with no device cookie for the account (OWASP's "untrusted client").
    // The waits grow with the failures (a minute, an hour, a day), and one address's allowance for
    // an account stays below the account's own, so one noisy address cannot hold the account for
    // anyone else: that takes several addresses, and even then only untrusted clients wait.
    /** One address trying many accounts (credential stuffing). */
    signInsByAddress: { name: "signin_ip", points: 200, windowSeconds: day },
    signInsByAccountAndAddressPerMinute: { name: "signin_account_ip_minute", points: 5, windowSeconds: minute },
    signInsByAccountAndAddressPerHour: { name: "signin_account_ip_hour", points: 10, windowSeconds: hour },
    signInsByAccountAndAddressPerDay: { name: "signin_account_ip_day", points: 20, windowSeconds: day },
    /** A guess spread over many addresses. */
    signInsByAccountPerHour: { name: "signin_account_hour", points: 30, windowSeconds: hour },
    signInsByAccountPerDay: { name: "signin_account_day", points: 100, windowSeconds: day },
    /** A device that signed in to the account before has its own allowance, whatever others do. */
    signInsByTrustedDevice: { name: "signin_device", points: 10, windowSeconds: hour },

    /** Re-checks of the password inside a live session (change email or password): per session, so no one else's failures can block them. */
    passwordRechecksBySessionPerQuarterHour: { name: "recheck_session_quarter", points: 5, windowSeconds: 15 * minute },
    passwordRechecksBySessionPerDay: { name: "recheck_session_day", points: 20, windowSeconds: day },

    /** Each sign-up costs a hash and an email. */
    signUpsByAddress: { name: "signup_ip", points: 20, windowSeconds: hour },
    /** Answers for one address, taken or not (EMAIL_TAKEN tells whether it has an account). */
    signUpsByEmail: { name: "signup_email", points: 5, windowSeconds: hour },
    emailChangesByAddress: { name: "email_change_ip", points: 20, windowSeconds: hour },
    contactMessagesByUser: { name: "contact_user", points: 5, windowSeconds: hour },
    contactMessagesByAddress: { name: "contact_ip", points: 20, windowSeconds: hour },

    // Every verification email, whatever sends it (sign-up, resend, an email change): one per
    // RESEND_COOLDOWN to a user, so alternating email changes cannot flood an inbox, and a few an
    // hour to a user and to a mailbox, so several accounts taking turns cannot either.
    verificationEmailCooldownByUser: {
      name: "verify_cooldown_user",
      points: 1,
      windowSeconds: settings.resendCooldownSeconds
    },
    verificationEmailsByUser: { name: "verify_send_user", points: 6, windowSeconds: hour },
    verificationEmailsByMailbox: { name: "verify_send_mailbox", points: 6, windowSeconds: hour },
    /** Wrong codes across resends: each code burns after five, this caps guesses per hour. */
    codeGuessesByUser: { name: "verify_code_user", points: 15, windowSeconds: hour },

    /**
     * Reset requests for one account from one client address: counted per requester, so a stranger
     * asking for the owner's links never uses up the owner's own requests.
     */
    passwordResetsByRequester: { name: "reset_requester", points: 3, windowSeconds: hour },
    /** Reset requests from one client address, whatever the account. */
    passwordResetsByAddress: { name: "reset_ip", points: 30, windowSeconds: hour },
    /**
     * Reset emails to one mailbox, against a flood from many addresses. Reaching it sends no more,
     * silently, but locks no one out: the links already sent all stay valid for their hour.
     */
    passwordResetEmailsByMailbox: { name: "reset_mail_address", points: 10, windowSeconds: hour },

    /** Guesses at ADMIN_TOKEN, for the operator procedures and the inspector's sign-in alike. */
    adminTokenFailuresByAddress: { name: "admin_token_ip", points: 10, windowSeconds: 15 * minute, blockSeconds: hour }
  }) satisfies Record<string, RateLimitRule>

export type RateLimitRuleName = keyof ReturnType<typeof rateLimitRules>

/** One count an attempt takes: a rule, and the key it counts under. */
export type Limit = { readonly rule: RateLimitRuleName; readonly key: string }

const limit = (rule: RateLimitRuleName, key: string): Limit => ({ rule, key })

/** Which limits an attempt counts against; in order, so a refusal stops the later counts. */
export const limitsOf = {
  /**
   * A sign-in from a client that is not a trusted device of the account. Unknown addresses are
   * counted like known ones, so the limits do not tell which accounts exist.
   */
  untrustedSignIn: (email: string, ip: string | null): ReadonlyArray<Limit> => {
    const address = addressGroup(ip)
    const accountAndAddress = `${email}|${address}`
    return [
      limit("signInsByAddress", address),
      limit("signInsByAccountAndAddressPerMinute", accountAndAddress),
      limit("signInsByAccountAndAddressPerHour", accountAndAddress),
      limit("signInsByAccountAndAddressPerDay", accountAndAddress),
      limit("signInsByAccountPerHour", email),
      limit("signInsByAccountPerDay", email)
    ]
  },
  trustedSignIn: (deviceId: string): ReadonlyArray<Limit> => [limit("signInsByTrustedDevice", deviceId)],
  passwordRecheck: (sessionId: string): ReadonlyArray<Limit> => [
    limit("passwordRechecksBySessionPerQuarterHour", sessionId),
    limit("passwordRechecksBySessionPerDay", sessionId)
  ],
  signUp: (email: string, ip: string | null): ReadonlyArray<Limit> => [
    limit("signUpsByAddress", addressGroup(ip)),
    limit("signUpsByEmail", email)
  ],
  emailChange: (ip: string | null): ReadonlyArray<Limit> => [limit("emailChangesByAddress", addressGroup(ip))],
  contactMessage: (userId: string, ip: string | null): ReadonlyArray<Limit> => [
    limit("contactMessagesByAddress", addressGroup(ip)),
    limit("contactMessagesByUser", userId)
  ],
  verificationEmail: (userId: string, mailbox: string): ReadonlyArray<Limit> => [
    limit("verificationEmailCooldownByUser", userId),
    limit("verificationEmailsByUser", userId),
    limit("verificationEmailsByMailbox", mailbox)
  ],
  codeGuess: (userId: string): ReadonlyArray<Limit> => [limit("codeGuessesByUser", userId)],
  passwordResetRequest: (email: string, ip: string | null): ReadonlyArray<Limit> => [
    limit("passwordResetsByAddress", addressGroup(ip)),
    limit("passwordResetsByRequester", `${email}|${addressGroup(ip)}`)
  ],
  passwordResetEmail: (mailbox: string): ReadonlyArray<Limit> => [limit("passwordResetEmailsByMailbox", mailbox)],
  adminToken: (ip: string | null): ReadonlyArray<Limit> => [limit("adminTokenFailuresByAddress", addressGroup(ip))]
}
