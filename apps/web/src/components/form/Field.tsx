import { type InputHTMLAttributes, useId } from "react"

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  readonly label: string
  readonly name: string
  /** Shown under the label and read with the field (aria-describedby). */
  readonly hint?: string
}

/** A labelled input: the label is clickable and names the field for assistive technology. */
export const Field = ({ label, hint, ...input }: FieldProps) => {
  const id = useId()
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint !== undefined && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <input id={id} aria-describedby={hint === undefined ? undefined : hintId} {...input} />
    </div>
  )
}
