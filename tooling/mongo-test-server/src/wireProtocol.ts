import { deserialize, type Document, serialize } from "bson"

// The MongoDB wire protocol, as far as the official driver uses it: OP_MSG for every command, and
// OP_QUERY only for the first `isMaster` of each connection (the driver does not know the server's
// wire version yet, so it falls back to the legacy opcode), answered with OP_REPLY.

const opReply = 1
const opQuery = 2004
const opMsg = 2013

const headerLength = 16
const checksumPresent = 1 << 0
const moreToCome = 1 << 1

/** Bigger than any message the driver sends (it splits batches at `maxMessageSizeBytes`). */
export const maxMessageSizeBytes = 48_000_000

export type Request =
  | {
      readonly kind: "msg"
      readonly requestId: number
      readonly command: Document
      /** The client expects no answer (an unacknowledged write). */
      readonly moreToCome: boolean
    }
  | {
      readonly kind: "query"
      readonly requestId: number
      readonly fullCollectionName: string
      readonly query: Document
    }

/** The length of the message at the start of `buffer`, once its first four bytes have arrived. */
export const messageLength = (buffer: Buffer): number | undefined =>
  buffer.length < 4 ? undefined : buffer.readInt32LE(0)

export const parseRequest = (message: Buffer): Request => {
  const requestId = message.readInt32LE(4)
  const opCode = message.readInt32LE(12)
  if (opCode === opMsg) return parseMsg(message, requestId)
  if (opCode === opQuery) return parseQuery(message, requestId)
  throw new Error(`Unsupported opcode ${opCode}`)
}

const parseMsg = (message: Buffer, requestId: number): Request => {
  const flags = message.readUInt32LE(headerLength)
  const end = message.length - ((flags & checksumPresent) === 0 ? 0 : 4)
  let command: Document | undefined
  const sequences: Array<[string, Array<Document>]> = []
  let offset = headerLength + 4
  while (offset < end) {
    const kind = message[offset]
    offset += 1
    const size = message.readInt32LE(offset)
    if (kind === 0) {
      command = deserialize(message.subarray(offset, offset + size))
    } else if (kind === 1) {
      const sectionEnd = offset + size
      const identifierEnd = message.indexOf(0, offset + 4)
      const identifier = message.toString("utf8", offset + 4, identifierEnd)
      const documents: Array<Document> = []
      for (let at = identifierEnd + 1; at < sectionEnd;) {
        const documentSize = message.readInt32LE(at)
        documents.push(deserialize(message.subarray(at, at + documentSize)))
        at += documentSize
      }
      sequences.push([identifier, documents])
    } else {
      throw new Error(`Unsupported OP_MSG section kind ${kind}`)
    }
    offset += size
  }
  if (command === undefined) throw new Error("OP_MSG without a body section")
  // A document sequence is the same field as if it were in the body, sent without re-encoding.
  for (const [identifier, documents] of sequences) command[identifier] = documents
  return { kind: "msg", requestId, command, moreToCome: (flags & moreToCome) !== 0 }
}

const parseQuery = (message: Buffer, requestId: number): Request => {
  const nameStart = headerLength + 4
  const nameEnd = message.indexOf(0, nameStart)
  const fullCollectionName = message.toString("utf8", nameStart, nameEnd)
  // numberToSkip and numberToReturn follow the name; commands ignore them.
  const queryStart = nameEnd + 1 + 8
  const query = deserialize(message.subarray(queryStart, queryStart + message.readInt32LE(queryStart)))
  return { kind: "query", requestId, fullCollectionName, query }
}

const header = (length: number, requestId: number, responseTo: number, opCode: number): Buffer => {
  const buffer = Buffer.alloc(headerLength)
  buffer.writeInt32LE(length, 0)
  buffer.writeInt32LE(requestId, 4)
  buffer.writeInt32LE(responseTo, 8)
  buffer.writeInt32LE(opCode, 12)
  return buffer
}

// Optional fields a handler leaves undefined are left out, as the server would.
const encode = (document: Document): Uint8Array => serialize(document, { ignoreUndefined: true })

export const encodeMsgReply = (requestId: number, responseTo: number, reply: Document): Buffer => {
  const body = encode(reply)
  const flagsAndKind = Buffer.alloc(5)
  return Buffer.concat([header(headerLength + 5 + body.length, requestId, responseTo, opMsg), flagsAndKind, body])
}

export const encodeOpReply = (requestId: number, responseTo: number, reply: Document): Buffer => {
  const body = encode(reply)
  // responseFlags (int32), cursorID (int64), startingFrom (int32), numberReturned (int32)
  const fields = Buffer.alloc(20)
  fields.writeInt32LE(1, 16)
  return Buffer.concat([header(headerLength + 20 + body.length, requestId, responseTo, opReply), fields, body])
}
