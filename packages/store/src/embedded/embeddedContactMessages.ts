import type { DatabaseSync } from "node:sqlite"
import type { ContactMessageRecord } from "../records.ts"
import { ContactMessages } from "../ports/ContactMessages.ts"
import { readDocument } from "./documents.ts"
import { storeOperation } from "./storeOperation.ts"

export const makeEmbeddedContactMessages = (db: DatabaseSync): ContactMessages["Service"] => {
  const insert = db.prepare("INSERT INTO contact_messages (id, user_id, doc) VALUES (?, ?, ?)")
  const byId = db.prepare("SELECT doc FROM contact_messages WHERE id = ?")

  return ContactMessages.of({
    create: (message) =>
      storeOperation("ContactMessages.create", () => {
        insert.run(message.id, message.userId, JSON.stringify(message))
      }),
    findById: (id) => storeOperation("ContactMessages.findById", () => readDocument<ContactMessageRecord>(byId.get(id)))
  })
}
