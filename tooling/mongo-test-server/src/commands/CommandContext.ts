import type { Document } from "bson"
import type { Catalog } from "../Catalog.ts"
import type { ChangeLog } from "../ChangeLog.ts"
import type { ClusterClock } from "../ClusterClock.ts"
import type { Cursors } from "../Cursors.ts"
import type { DocumentReader, DocumentWriter } from "../DocumentAccess.ts"
import type { FailPoints } from "../FailPoints.ts"
import type { DocumentLocks } from "../transactions/DocumentLocks.ts"
import type { Sessions } from "../transactions/Sessions.ts"
import type { Transaction } from "../transactions/Transaction.ts"

/** The one-node replica set this server claims to be. */
export type Topology = {
  readonly setName: string
  /** "host:port", exactly as in the URI, so the driver's discovery keeps the member. */
  readonly host: string
}

/** What every command of a connection shares: the server's state and which connection it is. */
export type ConnectionContext = {
  readonly catalog: Catalog
  readonly changes: ChangeLog
  readonly cursors: Cursors
  readonly clock: ClusterClock
  readonly failPoints: FailPoints
  readonly locks: DocumentLocks
  readonly sessions: Sessions
  readonly topology: Topology
  readonly connectionId: number
  /** True once the server is closing, so waiting getMores answer at once. */
  readonly closing: () => boolean
}

/** Everything a command can see. */
export type CommandContext = ConnectionContext & {
  /** The command's `$db`. */
  readonly db: string
  /** What the command reads: the committed documents, or its transaction's view of them. */
  readonly documents: DocumentReader
  /**
   * Runs one write statement, reading and writing through `documents`: in the command's
   * transaction, or alone (applied whole when it ends; see writeAlone). Handlers write nothing
   * any other way.
   */
  readonly writeStatement: <Result>(statement: (documents: DocumentWriter) => Result) => Promise<Result>
  /** When the command's `maxTimeMS` runs out, for a command that waits for a transaction to end. */
  readonly deadline: number | undefined
  /** The multi-document transaction the command runs in, if any. */
  readonly transaction?: Transaction
}

/** Answers a command's reply fields; `ok`, `operationTime` and `$clusterTime` are added around it. */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>
