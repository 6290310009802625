import type { UserRecord } from "../records.ts"
import { Users } from "../ports/Users.ts"
import type { EmbeddedConnection } from "./connection.ts"
import { readDocument } from "./documents.ts"

export const makeEmbeddedUsers = ({ db, operation }: EmbeddedConnection): Users["Service"] => {
  const byId = db.prepare("SELECT doc FROM users WHERE id = ?")
  const byEmail = db.prepare("SELECT doc FROM users WHERE email = ?")
  // The primary key's index serves both the range and the order.
  const addressesAfter = db.prepare("SELECT id, email FROM users WHERE id > ? ORDER BY id LIMIT ?")

  return Users.of({
    findById: (id) => operation("Users.findById", () => readDocument<UserRecord>(byId.get(id))),
    findByEmail: (email) => operation("Users.findByEmail", () => readDocument<UserRecord>(byEmail.get(email))),
    addressesAfter: (afterId, limit) =>
      operation("Users.addressesAfter", () =>
        addressesAfter.all(afterId ?? "", limit).map((row) => ({ id: String(row["id"]), email: String(row["email"]) }))
      )
  })
}
