import { Schema } from "effect"

/**
 * `permanent` tells the outbox worker whether retrying can help: a 5xx SMTP answer will be given
 * again, while a refused connection, a timeout or a 4xx answer may succeed later.
 */
export class MailDeliveryError extends Schema.TaggedError<MailDeliveryError>()("MailDeliveryError", {
  message: Schema.String,
  permanent: Schema.Boolean
}) {}
