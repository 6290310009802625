import { type Document, Long } from "bson"
import { asCommandError, CommandError } from "./CommandError.ts"
import type { CommandContext, CommandHandler, ConnectionContext } from "./commands/CommandContext.ts"
import { commands } from "./commands/commands.ts"
import { writeAlone } from "./transactions/writeAlone.ts"

/** The command's answer, or the instruction to drop the connection (a fail point's `closeConnection`). */
export type Outcome = { readonly reply: Document } | { readonly closeConnection: true }

/** The commands MongoDB runs in a multi-document transaction, of those this server implements. */
const transactionCommands: ReadonlySet<string> = new Set([
  "find",
  "getMore",
  "killCursors",
  "insert",
  "update",
  "delete",
  "findAndModify",
  "aggregate",
  "commitTransaction",
  "abortTransaction"
])

/** The write commands the driver sends with a `txnNumber` outside a transaction, to retry them safely. */
const retryableWriteCommands: ReadonlySet<string> = new Set(["insert", "update", "delete", "findAndModify"])

/**
 * Runs one command, the way its session fields ask:
 * - `lsid` + `txnNumber` + `autocommit: false` (and `startTransaction: true` on the first): in
 *   that session's transaction, which any failure aborts;
 * - `lsid` + `txnNumber` alone: a retryable write, applied once whatever the retries;
 * - otherwise on its own, each write statement applied as it ends.
 * Other fields the driver adds (`$clusterTime`, `$readPreference`, `readConcern`, `writeConcern`,
 * `apiVersion`) are ignored: there is one node, and writes are applied before the reply.
 */
export const runCommand = async (command: Document, connection: ConnectionContext): Promise<Outcome> => {
  const name = Object.keys(command)[0] ?? ""
  const db = typeof command["$db"] === "string" ? command["$db"] : "admin"
  const failure = name === "configureFailPoint" ? undefined : connection.failPoints.take(name)
  if (failure?.kind === "closeConnection") return { closeConnection: true }
  if (failure?.kind === "error") return { reply: { ...failure.reply, ...connection.clock.gossip() } }
  try {
    const handler = Object.hasOwn(commands, name) ? commands[name] : undefined
    if (handler === undefined) throw new CommandError("CommandNotFound", `no such command: '${name}'`)
    const maxTimeMS = command["maxTimeMS"]
    const deadline = typeof maxTimeMS === "number" && maxTimeMS > 0 ? Date.now() + maxTimeMS : undefined
    const alone: CommandContext = {
      ...connection,
      db,
      deadline,
      documents: connection.catalog,
      writeStatement: (statement) => writeAlone(connection, statement, deadline)
    }
    const txnNumber = txnNumberOf(command)
    if ("autocommit" in command || "startTransaction" in command) {
      const reply = await runInTransaction(command, name, handler, alone, txnNumber)
      return { reply: { ...reply, ok: 1, ...connection.clock.gossip() } }
    }
    if (txnNumber === undefined) {
      return { reply: { ...(await handler(command, alone)), ok: 1, ...connection.clock.gossip() } }
    }
    if (!retryableWriteCommands.has(name)) {
      throw new CommandError(
        "InvalidOptions",
        `txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and ${name} is not a retryable write command.`
      )
    }
    let replyLost = false
    const reply = await connection.sessions.of(command["lsid"]).retryableWrite(txnNumber, async () => {
      const answer = await handler(command, alone)
      replyLost = connection.failPoints.takeAfterRetryableWrite()
      return answer
    })
    if (replyLost) return { closeConnection: true }
    return { reply: { ...reply, ok: 1, ...connection.clock.gossip() } }
  } catch (error) {
    return { reply: { ...asCommandError(error).toReply(), ...connection.clock.gossip() } }
  }
}

const runInTransaction = async (
  command: Document,
  name: string,
  handler: CommandHandler,
  alone: CommandContext,
  txnNumber: number | undefined
): Promise<Document> => {
  if (command["autocommit"] !== false) {
    throw new CommandError("InvalidOptions", "autocommit field can only be specified as false")
  }
  if (txnNumber === undefined) {
    throw new CommandError("InvalidOptions", "'autocommit' field requires a transaction number to also be specified")
  }
  const transaction = alone.sessions
    .of(command["lsid"])
    .transactionFor(txnNumber, command["startTransaction"] === true, name)
  transaction.carriedBy(alone.connectionId)
  try {
    if (!transactionCommands.has(name)) {
      throw new CommandError(
        "OperationNotSupportedInTransaction",
        `Cannot run '${name}' in a multi-document transaction.`
      )
    }
    const reply = await handler(command, {
      ...alone,
      documents: transaction.documents,
      // Synchronous inside: nothing else runs between a transaction's reads and writes of one statement.
      writeStatement: async (statement) => statement(transaction.documents),
      transaction
    })
    // A write error aborts the transaction as any failure does, though the reply is ok: 1 (as on MongoDB).
    if (Array.isArray(reply["writeErrors"])) transaction.abort()
    return reply
  } catch (error) {
    transaction.abort()
    throw error
  }
}

/** The command's `txnNumber` (an int64, decoded to a number when it fits), if it has one. */
const txnNumberOf = (command: Document): number | undefined => {
  const value: unknown = command["txnNumber"]
  if (value === undefined) return undefined
  if (typeof value === "number" && Number.isInteger(value)) return value
  if (value instanceof Long) return value.toNumber()
  throw new CommandError("TypeMismatch", "txnNumber must be a 64-bit integer")
}
