import { type Document, ObjectId } from "bson"
import { maxMessageSizeBytes } from "../wireProtocol.ts"
import type { CommandContext, CommandHandler } from "./CommandContext.ts"

// MongoDB 8.0's wire version. The driver needs at least 9 (MongoDB 4.4); below that it refuses to connect.
const maxWireVersion = 25
const serverVersion = "8.0.0"
const maxBsonObjectSize = 16 * 1024 * 1024

// Constant: this primary is never re-elected, so the driver never sees a newer one.
const electionId = new ObjectId("7fffffff0000000000000001")

/**
 * The reply to `hello` (and to the legacy `isMaster`, which names the role `ismaster`): the
 * writable primary of a one-node replica set. `logicalSessionTimeoutMinutes` tells the driver
 * sessions are supported, so it sends `lsid`s and retryable writes, both of which this server
 * accepts and ignores. There is no `topologyVersion`: the driver then polls instead of streaming
 * its heartbeats, which this server does not implement.
 */
export const helloReply = (context: CommandContext, legacy: boolean): Document => ({
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

/** Sessions are not kept, so there is nothing to end. */
export const endSessions: CommandHandler = () => ({})
