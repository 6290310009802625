import { describeFailure, type FailureWording } from "../lib/errors/describeFailure.ts"
import { Alert } from "./Alert.tsx"

/** The failure of the last attempt, if it failed, in words a user can act on. */
export const FailureAlert = ({
  error,
  wording
}: {
  readonly error: unknown
  readonly wording?: FailureWording | undefined
}) => (error === null || error === undefined ? null : <Alert tone="error">{describeFailure(error, wording)}</Alert>)
