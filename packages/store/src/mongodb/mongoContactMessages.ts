import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { ContactMessages } from "../ports/ContactMessages.ts"
import type { ContactMessageRecord } from "../records.ts"
import type { ContactMessageDocument } from "./collections.ts"
import { mongoOperation } from "./mongoOperation.ts"

const toContactMessageRecord = (document: ContactMessageDocument): ContactMessageRecord => ({
  id: document._id,
  userId: document.userId,
  email: document.email,
  subject: document.subject,
  message: document.message,
  createdAt: document.createdAt
})

export const makeMongoContactMessages = (messages: Collection<ContactMessageDocument>): ContactMessages["Service"] =>
  ContactMessages.of({
    create: (message) =>
      mongoOperation("ContactMessages.create", async () => {
        const { id, ...fields } = message
        await messages.insertOne({ _id: id, ...fields })
      }),
    findById: (id) =>
      mongoOperation("ContactMessages.findById", () => messages.findOne({ _id: id })).pipe(
        Effect.map((document) => Option.map(Option.fromNullishOr(document), toContactMessageRecord))
      )
  })
