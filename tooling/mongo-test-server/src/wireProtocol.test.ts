import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MongoTestServer, startMongoTestServer } from "./index.ts"
import { opMsg, opQuery, rawConnection } from "./testing/rawWire.ts"

// Raw messages, byte for byte as the wire protocol specifies them, without the driver.

let server: MongoTestServer

beforeAll(async () => {
  server = await startMongoTestServer()
})

afterAll(() => server.close())

describe("wire protocol", () => {
  it("answers the legacy OP_QUERY isMaster with OP_REPLY, and refuses other OP_QUERY commands (352)", async () => {
    const connection = await rawConnection(server.port)
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
    const connection = await rawConnection(server.port)
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
    const connection = await rawConnection(server.port)
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
