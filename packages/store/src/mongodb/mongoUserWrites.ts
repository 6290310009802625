import { EmailTaken } from "@verity/domain"
import { Effect } from "effect"
import { MongoServerError } from "mongodb"
import { UserWrites } from "../ports/UserWrites.ts"
import { newUserRecord } from "../newUserRecord.ts"
import { StoreError } from "../StoreError.ts"
import type { StoreCollections } from "./collections.ts"
import type { MongoConnection, SessionOption } from "./mongoConnection.ts"
import { toUser } from "./mongoUsers.ts"

// A duplicate key on the unique email index. A duplicate _id is the caller's bug, not a taken
// address, so it stays a StoreError.
const isEmailTaken = (cause: unknown): boolean =>
  cause instanceof MongoServerError &&
  cause.code === 11000 &&
  typeof cause["keyPattern"] === "object" &&
  cause["keyPattern"] !== null &&
  "email" in cause["keyPattern"]

// Each write is one findOneAndUpdate: its conditions are part of the filter, so they hold for the
// write itself, and `$inc` bumps the version in the same atomic document update.
export const makeMongoUserWrites = (
  { users, sessions, oneTimeTokens: tokens }: Pick<StoreCollections, "users" | "sessions" | "oneTimeTokens">,
  { operation, withSession }: MongoConnection
): UserWrites["Service"] => {
  const writeOperation = <A>(
    name: string,
    run: (options: SessionOption) => Promise<A>
  ): Effect.Effect<A, EmailTaken | StoreError> =>
    withSession((options) =>
      Effect.tryPromise({
        try: () => run(options),
        catch: (cause) => (isEmailTaken(cause) ? new EmailTaken() : new StoreError({ operation: name, cause }))
      })
    )

  return UserWrites.of({
    create: (user) =>
      writeOperation("UserWrites.create", async (options) => {
        const record = newUserRecord(user)
        const { id: _id, ...fields } = record
        await users.insertOne({ _id, ...fields }, options)
        return record
      }),
    update: (id, patch, { stamp, ifEmail }) =>
      operation("UserWrites.update", (options) => {
        // Only the patchable fields that are set, whatever else the argument carries at run time.
        const { emailConfirmed, passwordHash, status } = patch
        const fields = Object.fromEntries(
          Object.entries({ emailConfirmed, passwordHash, status }).filter(([, value]) => value !== undefined)
        )
        const confirms = emailConfirmed === true ? { everConfirmed: true } : {}
        return users.findOneAndUpdate(
          { _id: id, ...(ifEmail === undefined ? {} : { email: ifEmail }) },
          {
            $set: { ...fields, ...confirms, lastChange: { cause: stamp.cause, at: stamp.at } },
            $inc: { version: 1 }
          },
          { ...options, returnDocument: "after" }
        )
      }).pipe(Effect.map(toUser)),
    changeEmail: (id, { from, to, confirmed }, stamp) =>
      writeOperation("UserWrites.changeEmail", (options) =>
        users.findOneAndUpdate(
          { _id: id, email: from },
          {
            $set: {
              email: to,
              emailConfirmed: confirmed,
              ...(confirmed ? { everConfirmed: true } : {}),
              lastChange: { cause: stamp.cause, at: stamp.at }
            },
            $inc: { version: 1 }
          },
          { ...options, returnDocument: "after" }
        )
      ).pipe(Effect.map(toUser)),
    deleteUnconfirmed: (id, email) =>
      operation("UserWrites.deleteUnconfirmed", async (options) => {
        // A document from before `everConfirmed` was kept qualifies only as `toUserRecord` reads it:
        // unconfirmed and unchanged since sign-up.
        const deleted = await users.findOneAndDelete(
          {
            _id: id,
            email,
            $or: [{ everConfirmed: false }, { everConfirmed: { $exists: false }, emailConfirmed: false, version: 1 }]
          },
          options
        )
        if (deleted === null) return null
        await tokens.deleteMany({ userId: id }, options)
        await sessions.deleteMany({ userId: id }, options)
        return deleted
      }).pipe(Effect.map(toUser))
  })
}
