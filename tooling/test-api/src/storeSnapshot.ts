import { DatabaseSync } from "node:sqlite"
import { join } from "node:path"

/**
 * The session trail is a log of what happened to sessions, written in the background a moment
 * after it happened (a request that used a session is part of it): it is not state a refused
 * request could change, and its writes land at their own time, so snapshots leave it out.
 */
const logTables = new Set(["session_trail"])

/**
 * Every row of every table of the embedded store (but the session trail, above), read through
 * a second, read-only connection: comparing two snapshots shows whether a request changed
 * anything at all.
 */
export const storeSnapshot = (dataDir: string): Record<string, Array<unknown>> => {
  const db = new DatabaseSync(join(dataDir, "verity.sqlite"), { readOnly: true })
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
    ).filter(({ name }) => !logTables.has(name))
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()])
    )
  } finally {
    db.close()
  }
}
