import { EmailAddress, PasswordInput } from "@verity/domain"
import { Schema } from "effect"

// Procedure inputs, validated before any procedure runs. A failure is a 400 with
// `data.reason: "VALIDATION"` and changes nothing.

const input = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) =>
  Schema.toStandardSchemaV1(schema)

const boundedText = (field: string, max: number) =>
  Schema.String.check(
    Schema.isPattern(/\S/, { message: `${field} must not be blank` }),
    Schema.isMaxLength(max, { message: `${field} must be at most ${max} characters` })
  )

export const Transport = Schema.Literals(["cookie", "token"])

export const CredentialsInput = input(
  Schema.Struct({
    email: EmailAddress,
    password: PasswordInput,
    transport: Schema.optionalKey(Transport)
  })
)

/** An emailed link's token, as it stands after `?token=`. */
const LinkToken = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(512))

/**
 * `{ token }` from the emailed link, or `{ code }` typed by the user. One struct with a rule
 * rather than a union: a union's failure reports every alternative, so a mistyped code would
 * also be told "token: Missing key"; this way each field's message is about that field alone.
 */
export const VerifyEmailInput = input(
  Schema.Struct({
    token: Schema.optionalKey(
      Schema.String.check(
        Schema.isMinLength(1, { message: "the link's token is missing; open the link from the email again" }),
        Schema.isMaxLength(512, { message: "the link's token is too long; open the link from the email again" })
      )
    ),
    code: Schema.optionalKey(
      Schema.String.check(Schema.isPattern(/^\d{6}$/, { message: "the code is the 6 digits from the email" }))
    )
  }).check(
    Schema.makeFilter(
      (given: { readonly token?: string; readonly code?: string }) =>
        (given.token === undefined) !== (given.code === undefined) ||
        "send either the token from the emailed link or the 6-digit code, not both"
    )
  )
)

export const ContactUsInput = input(
  Schema.Struct({
    subject: boundedText("subject", 200),
    message: boundedText("message", 5_000)
  })
)

export const RequestPasswordResetInput = input(Schema.Struct({ email: EmailAddress }))

export const ResetPasswordInput = input(Schema.Struct({ token: LinkToken, newPassword: PasswordInput }))

export const LinkTokenInput = input(Schema.Struct({ token: LinkToken }))

export const UndoEmailChangeInput = input(Schema.Struct({ token: LinkToken, newPassword: PasswordInput }))

export const ChangeEmailInput = input(Schema.Struct({ newEmail: EmailAddress, password: PasswordInput }))

export const ChangePasswordInput = input(Schema.Struct({ currentPassword: PasswordInput, newPassword: PasswordInput }))

export const SessionIdInput = input(
  Schema.Struct({
    sessionId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))
  })
)

export const AccountEmailInput = input(Schema.Struct({ email: EmailAddress }))

export const ContactMessagesInput = input(
  Schema.UndefinedOr(
    Schema.Struct({
      limit: Schema.optionalKey(
        Schema.Number.check(
          Schema.isInt(),
          Schema.isBetween({ minimum: 1, maximum: 500 }, { message: "limit must be a whole number from 1 to 500" })
        )
      )
    })
  )
)

/** tRPC's SSE link sends the id of the last event it got when it reconnects. */
export const SessionChangesInput = input(
  Schema.UndefinedOr(
    Schema.Struct({
      lastEventId: Schema.optionalKey(Schema.NullOr(Schema.String.check(Schema.isMaxLength(100))))
    })
  )
)

/** The operator token, posted once to sign in to the inspector (never in a URL). */
export const OperatorTokenInput = input(
  Schema.Struct({ operatorToken: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(512)) })
)

/** An email address (any spelling) or a user id. */
export const UserQueryInput = input(
  Schema.Struct({
    query: Schema.String.check(Schema.isPattern(/\S/, { message: "query must not be blank" }), Schema.isMaxLength(320))
  })
)

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))

export const UserIdInput = input(Schema.Struct({ userId: Id }))

/** One user change: the user at one version. */
export const UserChangeInput = input(
  Schema.Struct({ userId: Id, version: Schema.Number.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(1)) })
)
