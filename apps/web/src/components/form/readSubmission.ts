import type { FormEvent } from "react"

/** A submitted form, as a page needs it to call the API. */
export type Submission = {
  /** A text field's value, by the field's name ("" when there is none). */
  readonly field: (name: string) => string
  /** Empties the form, e.g. once the change it asked for is made. */
  readonly clear: () => void
}

/**
 * Inputs stay uncontrolled (the browser keeps their state) and the page stays where it is: the
 * API is called instead of navigating.
 */
export const readSubmission = (event: FormEvent<HTMLFormElement>): Submission => {
  event.preventDefault()
  const form = event.currentTarget
  const data = new FormData(form)
  return {
    field: (name) => {
      const value = data.get(name)
      return typeof value === "string" ? value : ""
    },
    clear: () => form.reset()
  }
}
