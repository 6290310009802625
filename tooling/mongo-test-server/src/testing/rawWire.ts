import { connect, type Socket } from "node:net"
import { deserialize, type Document, serialize } from "bson"

// Raw messages, byte for byte as the wire protocol specifies them, without the driver: for tests
// that must send exactly what a client sends (the driver rewrites session fields on its own).

const header = (length: number, requestId: number, opCode: number) => {
  const buffer = Buffer.alloc(16)
  buffer.writeInt32LE(length, 0)
  buffer.writeInt32LE(requestId, 4)
  buffer.writeInt32LE(opCode, 12)
  return buffer
}

export const opQuery = (requestId: number, collection: string, query: Document) => {
  const name = Buffer.from(`${collection}\0`)
  const skipAndReturn = Buffer.alloc(8)
  skipAndReturn.writeInt32LE(-1, 4)
  const body = Buffer.concat([Buffer.alloc(4), name, skipAndReturn, serialize(query)])
  return Buffer.concat([header(16 + body.length, requestId, 2004), body])
}

export const opMsg = (
  requestId: number,
  command: Document,
  options: { sequence?: [string, Array<Document>]; flags?: number } = {}
) => {
  const flags = Buffer.alloc(4)
  flags.writeUInt32LE(options.flags ?? 0)
  const sections = [Buffer.from([0]), serialize(command)]
  if (options.sequence !== undefined) {
    const [identifier, documents] = options.sequence
    const payload = Buffer.concat([Buffer.from(`${identifier}\0`), ...documents.map((document) => serialize(document))])
    const size = Buffer.alloc(4)
    size.writeInt32LE(4 + payload.length)
    sections.push(Buffer.from([1]), size, payload)
  }
  const body = Buffer.concat([flags, ...sections])
  return Buffer.concat([header(16 + body.length, requestId, 2013), body])
}

export type Reply = { readonly opCode: number; readonly responseTo: number; readonly document: Document }

/** Sends messages on one connection and reads the replies. */
export const rawConnection = async (port: number) => {
  const socket: Socket = connect(port, "127.0.0.1")
  await new Promise((resolve) => socket.once("connect", resolve))
  let buffered = Buffer.alloc(0)
  const waiting: Array<(reply: Reply) => void> = []
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
      const message = buffered.subarray(0, buffered.readInt32LE(0))
      buffered = buffered.subarray(message.length)
      const opCode = message.readInt32LE(12)
      const documentStart = opCode === 1 ? 36 : 21
      const document = deserialize(message.subarray(documentStart))
      waiting.shift()?.({ opCode, responseTo: message.readInt32LE(8), document })
    }
  })
  const reply = () => new Promise<Reply>((resolve) => waiting.push(resolve))
  let lastRequestId = 0
  return {
    send: (message: Buffer) => socket.write(message),
    reply,
    /** Sends one OP_MSG command and answers the reply's document. */
    command: async (command: Document): Promise<Document> => {
      const answer = reply()
      socket.write(opMsg(++lastRequestId, command))
      return (await answer).document
    },
    close: () => socket.destroy()
  }
}
