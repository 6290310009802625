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

export const VerifyEmailInput = input(
  Schema.Union([
    Schema.Struct({ token: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(512)) }),
    Schema.Struct({
      code: Schema.String.check(Schema.isPattern(/^\d{6}$/, { message: "the code is the 6 digits from the email" }))
    })
  ])
)

export const ContactUsInput = input(
  Schema.Struct({
    subject: boundedText("subject", 200),
    message: boundedText("message", 5_000)
  })
)

export const RequestPasswordResetInput = input(Schema.Struct({ email: EmailAddress }))

export const ResetPasswordInput = input(
  Schema.Struct({
    token: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(512)),
    newPassword: PasswordInput
  })
)

export const ChangeEmailInput = input(Schema.Struct({ newEmail: EmailAddress, password: PasswordInput }))

export const ChangePasswordInput = input(Schema.Struct({ currentPassword: PasswordInput, newPassword: PasswordInput }))

export const SessionIdInput = input(
  Schema.Struct({
    sessionId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))
  })
)

export const AccountEmailInput = input(Schema.Struct({ email: EmailAddress }))

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
