import type { RateLimitRule } from "@verity/store"

// Every limit in one place. Sign-in limits count failures only, so a user who knows their
// password is never slowed down, and none of them touches existing sessions: an attacker who
// guesses wrong can at worst delay new sign-ins to an account, never end the owner's sessions.

export const rateLimitRules = {
  /** Consecutive wrong passwords for one account from one address: the classic guessing loop. */
  signInFailuresByAccountAndIp: {
    name: "signin_fail_account_ip",
    points: 10,
    windowSeconds: 15 * 60,
    blockSeconds: 15 * 60
  },
  /** Wrong passwords for one account from anywhere (a distributed guess); higher, so one noisy address cannot lock it. */
  signInFailuresByAccount: { name: "signin_fail_account", points: 100, windowSeconds: 60 * 60 },
  /** Wrong passwords from one address across accounts (credential stuffing). */
  signInFailuresByIp: { name: "signin_fail_ip", points: 200, windowSeconds: 24 * 60 * 60 },
  /** On top of the resend cool-down: a mailbox should not be flooded. */
  verificationEmailsByUser: { name: "verify_send_user", points: 6, windowSeconds: 60 * 60 },
  /** Wrong codes across resends: each code burns after five, this caps guesses per hour. */
  wrongCodesByUser: { name: "verify_code_user", points: 15, windowSeconds: 60 * 60 },
  /**
   * Reset requests for one account from one client address: counted per requester, so a stranger
   * asking for the owner's links never uses up the owner's own requests.
   */
  passwordResetsByRequester: { name: "reset_requester", points: 3, windowSeconds: 60 * 60 },
  /** Reset requests from one client address, whatever the account. */
  passwordResetsByIp: { name: "reset_ip", points: 30, windowSeconds: 60 * 60 },
  /**
   * Reset emails to one mailbox, against a flood from many addresses. Reaching it sends no more,
   * silently, but locks no one out: the links already sent all stay valid for their hour.
   */
  passwordResetEmailsByAddress: { name: "reset_mail_address", points: 10, windowSeconds: 60 * 60 }
} satisfies Record<string, RateLimitRule>

export type RateLimitRuleName = keyof typeof rateLimitRules
