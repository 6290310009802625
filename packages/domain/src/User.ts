import { Schema } from "effect"

export const UserStatus = Schema.Literals(["active", "suspended"])
export type UserStatus = typeof UserStatus.Type

/** The public face of an account: what `whoami` shows and what session actors carry. */
export const User = Schema.Struct({
  id: Schema.String,
  email: Schema.String,
  emailConfirmed: Schema.Boolean,
  status: UserStatus,
  createdAt: Schema.String
})
export type User = typeof User.Type
