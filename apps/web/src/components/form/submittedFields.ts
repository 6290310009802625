import type { FormEvent } from "react"

/**
 * Reads a submitted form's text fields. Inputs stay uncontrolled (the browser keeps their state),
 * and the page stays where it is: the API is called instead of navigating.
 */
export const submittedFields = (event: FormEvent<HTMLFormElement>): ((name: string) => string) => {
  event.preventDefault()
  const data = new FormData(event.currentTarget)
  return (name) => {
    const value = data.get(name)
    return typeof value === "string" ? value : ""
  }
}
