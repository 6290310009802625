import { randomBytes } from "node:crypto"
import { ServerSecrets } from "../ports/ServerSecrets.ts"
import type { EmbeddedConnection } from "./connection.ts"

export const makeEmbeddedServerSecrets = ({ db, operation }: EmbeddedConnection): ServerSecrets["Service"] => {
  const insertIfAbsent = db.prepare("INSERT INTO server_secrets (name, secret) VALUES (?, ?) ON CONFLICT DO NOTHING")
  const byName = db.prepare("SELECT secret FROM server_secrets WHERE name = ?")
  return ServerSecrets.of({
    obtain: (name) =>
      operation("ServerSecrets.obtain", () => {
        insertIfAbsent.run(name, randomBytes(32).toString("base64url"))
        const row = byName.get(name)
        return new Uint8Array(Buffer.from(String(row?.["secret"]), "base64url"))
      })
  })
}
