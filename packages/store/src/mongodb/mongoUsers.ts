import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { Users } from "../ports/Users.ts"
import type { UserRecord } from "../records.ts"
import type { UserDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

export const toUserRecord = (document: UserDocument): UserRecord => ({
  id: document._id,
  email: document.email,
  emailConfirmed: document.emailConfirmed,
  status: document.status,
  passwordHash: document.passwordHash,
  createdAt: document.createdAt,
  // Written before these were kept: the device is unknown, and the account counts as confirmed
  // once unless it is unconfirmed and unchanged since sign-up (as the embedded store's migration).
  createdFrom: document.createdFrom ?? null,
  everConfirmed: document.everConfirmed ?? (document.emailConfirmed || document.version > 1),
  version: document.version,
  // Written before stamps existed (or by an operator who left it out): never stamped.
  lastChange: document.lastChange ?? null
})

export const toUser = (document: UserDocument | null): Option.Option<UserRecord> =>
  Option.map(Option.fromNullishOr(document), toUserRecord)

export const makeMongoUsers = (users: Collection<UserDocument>, { operation }: MongoConnection): Users["Service"] =>
  Users.of({
    findById: (id) =>
      operation("Users.findById", (options) => users.findOne({ _id: id }, options)).pipe(Effect.map(toUser)),
    findByEmail: (email) =>
      operation("Users.findByEmail", (options) => users.findOne({ email }, options)).pipe(Effect.map(toUser)),
    addressesAfter: (afterId, limit) =>
      operation("Users.addressesAfter", (options) =>
        users
          .find(afterId === null ? {} : { _id: { $gt: afterId } }, {
            ...options,
            projection: { email: 1 },
            sort: { _id: 1 },
            limit
          })
          .toArray()
      ).pipe(Effect.map((documents) => documents.map((document) => ({ id: document._id, email: document.email }))))
  })
