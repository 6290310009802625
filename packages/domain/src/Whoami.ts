import { Schema } from "effect"
import { SessionStateName } from "./Session.ts"
import { User } from "./User.ts"

/** The answer of `session.whoami`, read from the live session actor, never from a cache. */
export const Whoami = Schema.Struct({
  user: User,
  session: Schema.Struct({
    id: Schema.String,
    state: SessionStateName,
    createdAt: Schema.String,
    lastSeenAt: Schema.String,
    expiresAt: Schema.String
  }),
  userVersion: Schema.Number
})
export type Whoami = typeof Whoami.Type
