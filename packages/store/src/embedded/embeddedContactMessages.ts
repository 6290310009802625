import type { ContactMessageRecord } from "../records.ts"
import { ContactMessages } from "../ports/ContactMessages.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument, readDocuments } from "./documents.ts"

export const makeEmbeddedContactMessages = ({ db, operation }: EmbeddedConnection): ContactMessages["Service"] => {
  const insert = db.prepare("INSERT INTO contact_messages (id, user_id, doc) VALUES (?, ?, ?)")
  const byId = db.prepare("SELECT doc FROM contact_messages WHERE id = ?")
  // Rows are only ever appended, so the rowid is the order they came in.
  const recent = db.prepare("SELECT doc FROM contact_messages ORDER BY rowid DESC LIMIT ?")

  return ContactMessages.of({
    create: (message) =>
      operation("ContactMessages.create", () => {
        insert.run(message.id, message.userId, JSON.stringify(message))
      }),
    findById: (id) => operation("ContactMessages.findById", () => readDocument<ContactMessageRecord>(byId.get(id))),
    recent: (limit) => operation("ContactMessages.recent", () => readDocuments<ContactMessageRecord>(recent.all(limit)))
  })
}
