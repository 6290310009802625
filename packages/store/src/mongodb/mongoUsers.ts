import { EmailTaken } from "@verity/domain"
import { Effect, Option } from "effect"
import { type Collection, MongoServerError } from "mongodb"
import { Users } from "../ports/Users.ts"
import type { UserRecord } from "../records.ts"
import { StoreError } from "../StoreError.ts"
import type { UserDocument } from "./collections.ts"
import { mongoOperation } from "./mongoOperation.ts"

const initialVersion = 1

export const toUserRecord = (document: UserDocument): UserRecord => ({
  id: document._id,
  email: document.email,
  emailConfirmed: document.emailConfirmed,
  status: document.status,
  passwordHash: document.passwordHash,
  createdAt: document.createdAt,
  version: document.version
})

// A duplicate key on the unique email index. A duplicate _id is the caller's bug, not a taken
// address, so it stays a StoreError.
const isEmailTaken = (cause: unknown): boolean =>
  cause instanceof MongoServerError &&
  cause.code === 11000 &&
  typeof cause["keyPattern"] === "object" &&
  cause["keyPattern"] !== null &&
  "email" in cause["keyPattern"]

const userOperation = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, EmailTaken | StoreError> =>
  Effect.tryPromise({
    try: run,
    catch: (cause) => (isEmailTaken(cause) ? new EmailTaken() : new StoreError({ operation, cause }))
  })

export const makeMongoUsers = (users: Collection<UserDocument>): Users["Service"] =>
  Users.of({
    create: (user) =>
      userOperation("Users.create", async () => {
        const record: UserRecord = { ...user, version: initialVersion }
        const { id, ...fields } = record
        await users.insertOne({ _id: id, ...fields })
        return record
      }),
    findById: (id) =>
      mongoOperation("Users.findById", () => users.findOne({ _id: id })).pipe(
        Effect.map((document) => Option.map(Option.fromNullishOr(document), toUserRecord))
      ),
    findByEmail: (email) =>
      mongoOperation("Users.findByEmail", () => users.findOne({ email })).pipe(
        Effect.map((document) => Option.map(Option.fromNullishOr(document), toUserRecord))
      ),
    update: (id, patch, condition) =>
      userOperation("Users.update", () => {
        // Only the patchable fields that are set, whatever else the argument carries at run time.
        const { email, emailConfirmed, passwordHash, status } = patch
        const set = Object.fromEntries(
          Object.entries({ email, emailConfirmed, passwordHash, status }).filter(([, value]) => value !== undefined)
        )
        // One findOneAndUpdate: the conditions are part of the filter, so they hold for the write.
        return users.findOneAndUpdate(
          {
            _id: id,
            ...(condition?.email === undefined ? {} : { email: condition.email }),
            ...(condition?.version === undefined ? {} : { version: condition.version })
          },
          { ...(Object.keys(set).length === 0 ? {} : { $set: set }), $inc: { version: 1 } },
          { returnDocument: "after" }
        )
      }).pipe(Effect.map((document) => Option.map(Option.fromNullishOr(document), toUserRecord)))
  })
