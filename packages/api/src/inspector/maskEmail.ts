/**
 * An address as the inspector shows it by default: the first character of the mailbox and the
 * whole domain (`a…@example.com`), enough to tell two users apart and to see the provider, not
 * enough to write to them. Showing the whole address is an explicit, recorded action.
 */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf("@")
  if (at <= 0) return "…"
  return `${Array.from(email.slice(0, at))[0]}…${email.slice(at)}`
}
