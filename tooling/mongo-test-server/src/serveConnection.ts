import type { Socket } from "node:net"
import type { Document } from "bson"
import { CommandError } from "./CommandError.ts"
import type { ConnectionContext } from "./commands/CommandContext.ts"
import { helloReply } from "./commands/handshake.ts"
import { runCommand } from "./runCommand.ts"
import {
  encodeMsgReply,
  encodeOpReply,
  maxMessageSizeBytes,
  messageLength,
  parseRequest,
  type Request
} from "./wireProtocol.ts"

const legacyHelloNames = new Set(["hello", "isMaster", "ismaster"])

/**
 * Reads messages off one client connection and answers them in order. The driver never sends a
 * second command on a connection before the first is answered, so commands of one connection
 * run one at a time; other connections run concurrently (a waiting getMore, or a write waiting for
 * a transaction, blocks only its own). When the connection closes, the transactions it carried
 * are aborted (see Sessions).
 */
export const serveConnection = (socket: Socket, context: ConnectionContext): void => {
  let buffered = Buffer.alloc(0)
  let queue = Promise.resolve()
  let lastRequestId = 0

  const answer = async (request: Request): Promise<void> => {
    if (request.kind === "query") {
      socket.write(encodeOpReply(++lastRequestId, request.requestId, answerLegacyQuery(request, context)))
      return
    }
    const outcome = await runCommand(request.command, context)
    if ("closeConnection" in outcome) {
      socket.destroy()
    } else if (!request.moreToCome && !socket.destroyed) {
      socket.write(encodeMsgReply(++lastRequestId, request.requestId, outcome.reply))
    }
  }

  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    for (let length = messageLength(buffered); length !== undefined; length = messageLength(buffered)) {
      if (length < 16 || length > maxMessageSizeBytes) {
        socket.destroy()
        return
      }
      if (buffered.length < length) return
      const message = buffered.subarray(0, length)
      buffered = buffered.subarray(length)
      queue = queue
        .then(() => answer(parseRequest(message)))
        .catch(() => {
          // A message this server cannot parse leaves the stream in an unknown state; so would MongoDB.
          socket.destroy()
        })
    }
  })
  // A client going away mid-reply is not this server's error to report.
  socket.on("error", () => socket.destroy())
  socket.on("close", () => context.sessions.connectionClosed(context.connectionId))
}

/** OP_QUERY carries only the handshake; MongoDB 6.0+ refuses every other command sent that way. */
const answerLegacyQuery = (request: Extract<Request, { kind: "query" }>, context: ConnectionContext): Document => {
  const query: Document = typeof request.query["$query"] === "object" ? request.query["$query"] : request.query
  const name = Object.keys(query)[0] ?? ""
  if (request.fullCollectionName.endsWith(".$cmd") && legacyHelloNames.has(name)) {
    return { ...helloReply(context, name !== "hello"), ok: 1 }
  }
  return new CommandError(
    "UnsupportedOpQueryCommand",
    `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`
  ).toReply()
}
