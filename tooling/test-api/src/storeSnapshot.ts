import { DatabaseSync } from "node:sqlite"
import { join } from "node:path"

/**
 * Every row of every table of the embedded store, read through a second, read-only connection:
 * comparing two snapshots shows whether a request changed anything at all.
 */
export const storeSnapshot = (dataDir: string): Record<string, Array<unknown>> => {
  const db = new DatabaseSync(join(dataDir, "verity.sqlite"), { readOnly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string
    }>
    return Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()])
    )
  } finally {
    db.close()
  }
}
