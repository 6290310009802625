import { Field } from "./Field.tsx"

// The API's password rules (@verity/domain's passwordWeakness), told before the user types
// rather than after a refusal. The API alone enforces them; its WEAK_PASSWORD message says which failed.
const newPasswordHint = "At least 12 characters. Not your email address, and not a common password."

/** Where a password is chosen: the browser may offer a strong one, and the rules are told up front. */
export const NewPasswordField = ({ label, name }: { readonly label: string; readonly name: string }) => (
  <Field label={label} name={name} type="password" autoComplete="new-password" required hint={newPasswordHint} />
)
