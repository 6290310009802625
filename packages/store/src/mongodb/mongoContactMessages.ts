import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { ContactMessages } from "../ports/ContactMessages.ts"
import type { ContactMessageRecord } from "../records.ts"
import type { ContactMessageDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toContactMessageRecord = (document: ContactMessageDocument): ContactMessageRecord => ({
  id: document._id,
  userId: document.userId,
  email: document.email,
  subject: document.subject,
  message: document.message,
  createdAt: document.createdAt
})

export const makeMongoContactMessages = (
  messages: Collection<ContactMessageDocument>,
  { operation }: MongoConnection
): ContactMessages["Service"] =>
  ContactMessages.of({
    create: (message) =>
      operation("ContactMessages.create", async (options) => {
        const { id, ...fields } = message
        await messages.insertOne({ _id: id, ...fields }, options)
      }),
    findById: (id) =>
      operation("ContactMessages.findById", (options) => messages.findOne({ _id: id }, options)).pipe(
        Effect.map((document) => Option.map(Option.fromNullishOr(document), toContactMessageRecord))
      ),
    recent: (limit) =>
      operation("ContactMessages.recent", (options) =>
        messages.find({}, options).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray()
      ).pipe(Effect.map((documents) => documents.map(toContactMessageRecord)))
  })
