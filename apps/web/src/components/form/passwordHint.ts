// The API's password rules (@verity/domain's passwordWeakness), told before the user types
// rather than after a refusal. The API alone enforces them; its WEAK_PASSWORD message says which failed.
export const newPasswordHint = "At least 12 characters. Not your email address, and not a common password."
