import type { Document } from "bson"
import type { Catalog } from "../Catalog.ts"
import type { ChangeLog } from "../ChangeLog.ts"
import type { ClusterClock } from "../ClusterClock.ts"
import type { Cursors } from "../Cursors.ts"
import type { FailPoints } from "../FailPoints.ts"

/** The one-node replica set this server claims to be. */
export type Topology = {
  readonly setName: string
  /** "host:port", exactly as in the URI, so the driver's discovery keeps the member. */
  readonly host: string
}

/** Everything a command can see: the server's state and where the command came from. */
export type CommandContext = {
  readonly catalog: Catalog
  readonly changes: ChangeLog
  readonly cursors: Cursors
  readonly clock: ClusterClock
  readonly failPoints: FailPoints
  readonly topology: Topology
  readonly connectionId: number
  /** The command's `$db`. */
  readonly db: string
  /** True once the server is closing, so waiting getMores answer at once. */
  readonly closing: () => boolean
}

/** Answers a command's reply fields; `ok`, `operationTime` and `$clusterTime` are added around it. */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>
