import { Schema } from "effect"

// A schema rather than a bare type because the outbox stores messages as JSON and decodes them back.
export const MailMessage = Schema.Struct({
  to: Schema.String,
  subject: Schema.String,
  text: Schema.String,
  html: Schema.optionalKey(Schema.String),
  /** Where a reply goes, when not to the sender (support answering a user). */
  replyTo: Schema.optionalKey(Schema.String)
})

export type MailMessage = typeof MailMessage.Type
