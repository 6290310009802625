import { Schema } from "effect"

// A schema rather than a bare type because the outbox stores messages as JSON and decodes them back.
export const MailMessage = Schema.Struct({
  to: Schema.String,
  subject: Schema.String,
  text: Schema.String,
  html: Schema.optionalKey(Schema.String),
  /**
   * The link tokens and codes in `text` and `html`: what makes the message usable by whoever reads
   * it. The outbox keeps them only until the message is delivered (see `withoutSecrets`).
   */
  secrets: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Where a reply goes, when not to the sender (support answering a user). */
  replyTo: Schema.optionalKey(Schema.String)
})

export type MailMessage = typeof MailMessage.Type
