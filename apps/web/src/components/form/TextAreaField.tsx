import { type TextareaHTMLAttributes, useId } from "react"

type TextAreaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  readonly label: string
  readonly name: string
}

export const TextAreaField = ({ label, ...textarea }: TextAreaFieldProps) => {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...textarea} />
    </div>
  )
}
