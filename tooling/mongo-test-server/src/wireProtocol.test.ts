import { connect, type Socket } from "node:net"
import { deserialize, type Document, serialize } from "bson"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MongoTestServer, startMongoTestServer } from "./index.ts"

// Raw messages, byte for byte as the wire protocol specifies them, without the driver.

let server: MongoTestServer

beforeAll(async () => {
  server = await startMongoTestServer()
})

afterAll(() => server.close())

const header = (length: number, requestId: number, opCode: number) => {
  const buffer = Buffer.alloc(16)
  buffer.writeInt32LE(length, 0)
  buffer.writeInt32LE(requestId, 4)
  buffer.writeInt32LE(opCode, 12)
  return buffer
}

const opQuery = (requestId: number, collection: string, query: Document) => {
  const name = Buffer.from(`${collection}\0`)
  const skipAndReturn = Buffer.alloc(8)
  skipAndReturn.writeInt32LE(-1, 4)
  const body = Buffer.concat([Buffer.alloc(4), name, skipAndReturn, serialize(query)])
  return Buffer.concat([header(16 + body.length, requestId, 2004), body])
}

const opMsg = (
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

type Reply = { readonly opCode: number; readonly responseTo: number; readonly document: Document }

/** Sends messages on one connection and reads the replies. */
const rawConnection = async () => {
  const socket: Socket = connect(server.port, "127.0.0.1")
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
  return {
    send: (message: Buffer) => socket.write(message),
    reply: () => new Promise<Reply>((resolve) => waiting.push(resolve)),
    close: () => socket.destroy()
  }
}

describe("wire protocol", () => {
  it("answers the legacy OP_QUERY isMaster with OP_REPLY, and refuses other OP_QUERY commands (352)", async () => {
    const connection = await rawConnection()
    try {
      connection.send(opQuery(7, "admin.$cmd", { isMaster: 1, helloOk: true }))
      const hello = await connection.reply()
      expect(hello).toMatchObject({ opCode: 1, responseTo: 7, document: { ok: 1, ismaster: true, setName: "rs0" } })

      connection.send(opQuery(8, "test.$cmd", { find: "users" }))
      expect((await connection.reply()).document).toMatchObject({
        ok: 0,
        code: 352,
        codeName: "UnsupportedOpQueryCommand"
      })
    } finally {
      connection.close()
    }
  })

  it("reads OP_MSG document sequences (kind 1) as the command's array field", async () => {
    const connection = await rawConnection()
    try {
      const documents = [{ _id: 1 }, { _id: 2 }]
      connection.send(opMsg(1, { insert: "things", $db: "wire" }, { sequence: ["documents", documents] }))
      expect(await connection.reply()).toMatchObject({ opCode: 2013, responseTo: 1, document: { ok: 1, n: 2 } })

      connection.send(opMsg(2, { find: "things", filter: {}, $db: "wire" }))
      expect((await connection.reply()).document["cursor"]).toMatchObject({ firstBatch: [{ _id: 1 }, { _id: 2 }] })
    } finally {
      connection.close()
    }
  })

  it("sends no reply to a moreToCome (unacknowledged) message, but applies it", async () => {
    const connection = await rawConnection()
    try {
      const moreToCome = 1 << 1
      connection.send(opMsg(1, { insert: "quiet", documents: [{ _id: 1 }], $db: "wire" }, { flags: moreToCome }))
      connection.send(opMsg(2, { count: "quiet", $db: "wire" }))
      expect(await connection.reply()).toMatchObject({ responseTo: 2, document: { ok: 1, n: 1 } })
    } finally {
      connection.close()
    }
  })
})
