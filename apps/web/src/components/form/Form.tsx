import { type ReactElement, type ReactNode, useId } from "react"
import type { FailureWording } from "../../lib/errors/describeFailure.ts"
import { FailureAlert } from "../FailureAlert.tsx"
import { readSubmission, type Submission } from "./readSubmission.ts"

type FormProps = {
  /** The fields. */
  readonly children: ReactNode
  /** Called with the submitted fields; the page calls the API with them. */
  readonly onSubmit: (submission: Submission) => void
  /** The button's words ("Sign in"), and while the call is under way (`pendingLabel`, "Signing in…"). */
  readonly submitLabel: string
  readonly pendingLabel: string
  /** The call is under way: the button waits, so that one press makes one call. */
  readonly pending: boolean
  /** The last call's failure (a mutation's `error`), told above the button; null while there is none. */
  readonly failure: unknown
  /** This form's own words for some failures, e.g. "Your current password is not right." */
  readonly failureWording?: FailureWording | undefined
  /** While set, the fields and the button are disabled and this says why, above them. */
  readonly lockedBecause?: ReactElement | undefined
  /** Names the fields for assistive technology, where the page's heading does not. */
  readonly legend?: string
  /** Below the button: a link ("Forgot your password?") or the answer to the last call. */
  readonly footer?: ReactNode
  /** A card of its own (the default), or plain, inside a card the page draws. */
  readonly framed?: boolean
}

/** Every form of the app: its fields, then the last failure, then the button; the page says what happens. */
export const Form = ({
  children,
  onSubmit,
  submitLabel,
  pendingLabel,
  pending,
  failure,
  failureWording,
  lockedBecause,
  legend,
  footer,
  framed = true
}: FormProps) => {
  const explanationId = useId()
  const locked = lockedBecause !== undefined
  return (
    <form className={framed ? "card form" : "form"} onSubmit={(event) => onSubmit(readSubmission(event))}>
      {locked && <div id={explanationId}>{lockedBecause}</div>}
      <fieldset disabled={locked} aria-describedby={locked ? explanationId : undefined}>
        {legend !== undefined && <legend className="visually-hidden">{legend}</legend>}
        {children}
        <FailureAlert error={failure} wording={failureWording} />
        <button type="submit" className="button" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </fieldset>
      {footer}
    </form>
  )
}
