import { EmailTaken } from "@verity/domain"
import { Effect } from "effect"
import { type Collection, MongoServerError } from "mongodb"
import { UserWrites } from "../ports/UserWrites.ts"
import type { UserRecord } from "../records.ts"
import { StoreError } from "../StoreError.ts"
import type { UserDocument } from "./collections.ts"
import type { MongoConnection, SessionOption } from "./mongoConnection.ts"
import { toUser } from "./mongoUsers.ts"

const initialVersion = 1

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
  users: Collection<UserDocument>,
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
        // Only the record's fields, whatever else the argument carries at run time.
        const { id, email, emailConfirmed, status, passwordHash, createdAt } = user
        const record: UserRecord = {
          id,
          email,
          emailConfirmed,
          status,
          passwordHash,
          createdAt,
          version: initialVersion,
          lastChange: null
        }
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
        return users.findOneAndUpdate(
          { _id: id, ...(ifEmail === undefined ? {} : { email: ifEmail }) },
          { $set: { ...fields, lastChange: { cause: stamp.cause, at: stamp.at } }, $inc: { version: 1 } },
          { ...options, returnDocument: "after" }
        )
      }).pipe(Effect.map(toUser)),
    changeEmail: (id, { from, to, confirmed }, stamp) =>
      writeOperation("UserWrites.changeEmail", (options) =>
        users.findOneAndUpdate(
          { _id: id, email: from },
          {
            $set: { email: to, emailConfirmed: confirmed, lastChange: { cause: stamp.cause, at: stamp.at } },
            $inc: { version: 1 }
          },
          { ...options, returnDocument: "after" }
        )
      ).pipe(Effect.map(toUser))
  })
}
