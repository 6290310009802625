import { type Document, ObjectId } from "bson"
import { maxMessageSizeBytes } from "../wireProtocol.ts"
import type { CommandHandler, ConnectionContext } from "./CommandContext.ts"

// MongoDB 8.0's wire version. The driver needs at least 9 (MongoDB 4.4); below that it refuses to connect.
const maxWireVersion = 25
const serverVersion = "8.0.0"
const maxBsonObjectSize = 16 * 1024 * 1024

// Constant: this primary is never re-elected, so the driver never sees a newer one.
const electionId = new ObjectId("7fffffff0000000000000001")

/**
 * The reply to `hello` (and to the legacy `isMaster`, which names the role `ismaster`): the
 * writable primary of a one-node replica set. What the driver needs to use sessions, retryable
 * writes and transactions is here: `logicalSessionTimeoutMinutes` (sessions are supported), a
 * `setName` (a replica set, not a standalone, which has no transactions) and a wire version past
 * 7 (MongoDB 4.0, the first with transactions on replica sets). There is no `topologyVersion`:
 * the driver then polls instead of streaming its heartbeats, which this server does not implement.
 */
export const helloReply = (context: ConnectionContext, legacy: boolean): Document => ({
  helloOk: true,
  ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
  secondary: false,
  setName: context.topology.setName,
  setVersion: 1,
  electionId,
  hosts: [context.topology.host],
  primary: context.topology.host,
  me: context.topology.host,
  maxBsonObjectSize,
  maxMessageSizeBytes,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: context.connectionId,
  minWireVersion: 0,
  maxWireVersion,
  readOnly: false
})

export const hello: CommandHandler = (_command, context) => helloReply(context, false)

export const isMaster: CommandHandler = (_command, context) => helloReply(context, true)

export const ping: CommandHandler = () => ({})

export const buildInfo: CommandHandler = () => ({
  version: serverVersion,
  versionArray: [8, 0, 0, 0],
  gitVersion: "mongo-test-server",
  bits: 64,
  maxBsonObjectSize
})

/** The driver ends its pooled sessions when it closes: their open transactions are aborted. */
export const endSessions: CommandHandler = (command, context) => {
  context.sessions.end(command["endSessions"])
  return {}
}
