// Over 200 lines on purpose: each case drives the real MongoDB driver through one transaction rule of the wire protocol, and they share one server and its setup.
import { spawn } from "node:child_process"
import { setTimeout as sleep } from "node:timers/promises"
import { fileURLToPath } from "node:url"
import { type ChangeStreamDocument, type CommandStartedEvent, Long, MongoClient, MongoServerError, UUID } from "mongodb"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MongoTestServer, startMongoTestServer } from "./index.ts"
import { rawConnection } from "./testing/rawWire.ts"

let server: MongoTestServer
let client: MongoClient
const commandsSeen: Array<CommandStartedEvent> = []

beforeAll(async () => {
  server = await startMongoTestServer()
  client = new MongoClient(server.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5000 })
  client.on("commandStarted", (event) => commandsSeen.push(event))
  await client.connect()
})

afterAll(async () => {
  await client.close()
  await server.close()
})

let databases = 0
const freshDb = () => client.db(`txn_${++databases}`)

type User = { _id: string; email: string }
type Counter = { _id: string; n: number }

/** Whether the promise has settled after a while: a write waiting for a lock has not. */
const settlesWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), sleep(ms).then(() => false)])

const transientTransactionError = { errorLabels: expect.arrayContaining(["TransientTransactionError"]) }

describe("sessions and transactions with the official driver", () => {
  it("sees a replica-set primary that supports sessions, and runs withTransaction through it", async () => {
    const hello = await client.db("admin").command({ hello: 1 })
    expect(hello).toMatchObject({ setName: "rs0", isWritablePrimary: true, logicalSessionTimeoutMinutes: 30 })
    expect(hello["maxWireVersion"]).toBeGreaterThanOrEqual(8)

    const users = freshDb().collection<User>("users")
    commandsSeen.length = 0
    await client.withSession((session) =>
      session.withTransaction(() => users.insertOne({ _id: "u1", email: "ada@example.com" }, { session }))
    )
    const [insert, commit] = commandsSeen.filter((event) => ["insert", "commitTransaction"].includes(event.commandName))
    expect(insert?.command).toMatchObject({ startTransaction: true, autocommit: false })
    expect(commit?.command).toMatchObject({ autocommit: false, txnNumber: insert?.command["txnNumber"] })
    expect(await users.findOne({ _id: "u1" })).toEqual({ _id: "u1", email: "ada@example.com" })
  })
})

describe("commit and abort", () => {
  it("commit makes every write visible at once; until then only the transaction itself sees them", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    const tokens = db.collection<{ _id: string; userId: string }>("tokens")
    const outbox = db.collection<{ _id: string; to: string }>("outbox")
    const counters = db.collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const session = client.startSession()
    try {
      session.startTransaction()
      await users.insertOne({ _id: "u1", email: "ada@example.com" }, { session })
      await tokens.insertOne({ _id: "t1", userId: "u1" }, { session })
      await outbox.insertOne({ _id: "m1", to: "ada@example.com" }, { session })
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })

      expect(await users.findOne({ _id: "u1" }, { session })).toEqual({ _id: "u1", email: "ada@example.com" })
      expect(await counters.findOne({ _id: "signups" }, { session })).toEqual({ _id: "signups", n: 1 })
      expect(await users.findOne({ _id: "u1" })).toBeNull()
      expect(await tokens.countDocuments()).toBe(0)
      expect(await outbox.find().toArray()).toEqual([])
      expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 0 })

      await session.commitTransaction()
    } finally {
      await session.endSession()
    }
    expect(await users.find().toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
    expect(await tokens.find().toArray()).toEqual([{ _id: "t1", userId: "u1" }])
    expect(await outbox.find().toArray()).toEqual([{ _id: "m1", to: "ada@example.com" }])
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 1 })
  })

  it("abort, and an error thrown inside withTransaction, leave nothing", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    const counters = db.collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const session = client.startSession()
    try {
      session.startTransaction()
      await users.insertOne({ _id: "u1", email: "ada@example.com" }, { session })
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })
      await session.abortTransaction()

      await expect(
        session.withTransaction(async () => {
          await users.insertOne({ _id: "u2", email: "bob@example.com" }, { session })
          await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })
          throw new Error("the mailer refused the address")
        })
      ).rejects.toThrow("the mailer refused the address")
    } finally {
      await session.endSession()
    }
    expect(await users.find().toArray()).toEqual([])
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 0 })
    // Nothing is held either: the documents can be written at once.
    await users.insertOne({ _id: "u1", email: "ada@example.com" }, { maxTimeMS: 1000 })
    await counters.updateOne({ _id: "signups" }, { $inc: { n: 5 } }, { maxTimeMS: 1000 })
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 5 })
  })

  it("a duplicate key inside a transaction aborts it: none of its writes is applied", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    const tokens = db.collection<{ _id: string }>("tokens")
    await users.createIndex({ email: 1 }, { unique: true })
    await users.insertOne({ _id: "u1", email: "ada@example.com" })
    const session = client.startSession()
    try {
      await expect(
        session.withTransaction(async () => {
          await tokens.insertOne({ _id: "t1" }, { session })
          await users.insertOne({ _id: "u2", email: "ada@example.com" }, { session })
        })
      ).rejects.toMatchObject({ code: 11000, keyValue: { email: "ada@example.com" } })
      expect(await tokens.countDocuments()).toBe(0)

      // The server aborted it: the next command of that transaction finds none.
      session.startTransaction()
      await tokens.insertOne({ _id: "t2" }, { session })
      await expect(users.insertOne({ _id: "u3", email: "ada@example.com" }, { session })).rejects.toMatchObject({
        code: 11000
      })
      await expect(tokens.insertOne({ _id: "t3" }, { session })).rejects.toMatchObject({
        code: 251,
        codeName: "NoSuchTransaction",
        ...transientTransactionError
      })
      await session.abortTransaction()
    } finally {
      await session.endSession()
    }
    expect(await tokens.countDocuments()).toBe(0)
    expect(await users.find().toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
  })

  it("a transaction older than the lifetime limit is aborted, and frees the writers waiting for it", async () => {
    const shortLived = await startMongoTestServer({ transactionLifetimeLimitMs: 300 })
    const shortClient = await new MongoClient(shortLived.uri, { serverSelectionTimeoutMS: 5000 }).connect()
    const session = shortClient.startSession()
    try {
      const counters = shortClient.db("lifetime").collection<Counter>("counters")
      await counters.insertOne({ _id: "signups", n: 0 })
      session.startTransaction()
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })
      // A forgotten transaction: this write waits for it until the server gives up on it.
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 10 } })
      await expect(session.commitTransaction()).rejects.toMatchObject({ code: 251, ...transientTransactionError })
      expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 10 })
    } finally {
      await session.endSession()
      await shortClient.close()
      await shortLived.close()
    }
  })

  it("the TTL monitor leaves alone a document a transaction has written, so its commit still applies", async () => {
    const ttlServer = await startMongoTestServer({ ttlMonitorIntervalMs: 50 })
    const ttlClient = await new MongoClient(ttlServer.uri, { serverSelectionTimeoutMS: 5000 }).connect()
    const session = ttlClient.startSession()
    try {
      const sessions = ttlClient.db("ttl").collection<{ _id: string; expiresAt: Date }>("sessions")
      await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })
      await sessions.insertOne({ _id: "s1", expiresAt: new Date(Date.now() + 300) })
      const extended = new Date(Date.now() + 3_600_000)
      session.startTransaction()
      await sessions.updateOne({ _id: "s1" }, { $set: { expiresAt: extended } }, { session })
      // Past the committed expiry, with the monitor running every 50 ms.
      await sleep(600)
      await session.commitTransaction()
      expect(await sessions.find().toArray()).toEqual([{ _id: "s1", expiresAt: extended }])
    } finally {
      await session.endSession()
      await ttlClient.close()
      await ttlServer.close()
    }
  })
})

describe("isolation", () => {
  it("other sessions see none of an open transaction's writes, and a transaction reads the snapshot it started on", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    await users.insertOne({ _id: "u1", email: "ada@example.com" })
    const writer = client.startSession()
    const reader = client.startSession()
    try {
      writer.startTransaction()
      await users.insertOne({ _id: "u2", email: "bob@example.com" }, { session: writer })
      await users.updateOne({ _id: "u1" }, { $set: { email: "ada@new.example.com" } }, { session: writer })

      reader.startTransaction()
      expect(await users.find({}, { session: reader }).toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
      await writer.commitTransaction()
      // Committed since the reader's transaction started: still not in its snapshot.
      expect(await users.find({}, { session: reader }).toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
      await reader.commitTransaction()
      expect(await users.find({}, { session: reader }).toArray()).toEqual([
        { _id: "u1", email: "ada@new.example.com" },
        { _id: "u2", email: "bob@example.com" }
      ])
    } finally {
      await writer.endSession()
      await reader.endSession()
    }
  })
})

describe("write conflicts", () => {
  it("two transactions that read and then write one document: one runs again, and no update is lost", async () => {
    const counters = freshDb().collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const bothRead = Promise.withResolvers<void>()
    let reads = 0
    let attempts = 0
    const increment = () =>
      client.withSession((session) =>
        session.withTransaction(async () => {
          attempts += 1
          const counter = await counters.findOne({ _id: "signups" }, { session })
          reads += 1
          if (reads === 2) bothRead.resolve()
          await bothRead.promise
          await counters.updateOne({ _id: "signups" }, { $set: { n: (counter?.n ?? 0) + 1 } }, { session })
        })
      )
    await Promise.all([increment(), increment()])
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 2 })
    expect(attempts).toBeGreaterThanOrEqual(3)
  })

  it("answers WriteConflict (112, TransientTransactionError) for a document another transaction wrote or that changed since the start", async () => {
    const db = freshDb()
    const counters = db.collection<Counter>("counters")
    await counters.insertMany([
      { _id: "a", n: 0 },
      { _id: "b", n: 0 }
    ])
    const first = client.startSession()
    const second = client.startSession()
    try {
      first.startTransaction()
      second.startTransaction()
      await counters.updateOne({ _id: "a" }, { $inc: { n: 1 } }, { session: first })
      expect(await counters.findOne({ _id: "b" }, { session: second })).toEqual({ _id: "b", n: 0 })
      const conflict = await counters
        .updateOne({ _id: "a" }, { $inc: { n: 1 } }, { session: second })
        .catch((caught: unknown) => caught)
      expect(conflict).toBeInstanceOf(MongoServerError)
      expect(conflict).toMatchObject({ code: 112, codeName: "WriteConflict", ...transientTransactionError })
      expect((conflict as MongoServerError).hasErrorLabel("TransientTransactionError")).toBe(true)
      await second.abortTransaction()
      await first.commitTransaction()

      // Changed by a write outside any transaction after this one started.
      second.startTransaction()
      expect(await counters.findOne({ _id: "b" }, { session: second })).toEqual({ _id: "b", n: 0 })
      await counters.updateOne({ _id: "b" }, { $inc: { n: 1 } })
      await expect(counters.updateOne({ _id: "b" }, { $inc: { n: 1 } }, { session: second })).rejects.toMatchObject({
        code: 112
      })
      await second.abortTransaction()
    } finally {
      await first.endSession()
      await second.endSession()
    }
    expect(await counters.find().toArray()).toEqual([
      { _id: "a", n: 1 },
      { _id: "b", n: 1 }
    ])
  })

  it("two transactions inserting one unique email: the second conflicts, and once the first commits it is a duplicate", async () => {
    const users = freshDb().collection<User>("users")
    await users.createIndex({ email: 1 }, { unique: true })
    const first = client.startSession()
    const second = client.startSession()
    try {
      first.startTransaction()
      second.startTransaction()
      await users.insertOne({ _id: "u1", email: "ada@example.com" }, { session: first })
      await expect(users.insertOne({ _id: "u2", email: "ada@example.com" }, { session: second })).rejects.toMatchObject(
        { code: 112, ...transientTransactionError }
      )
      await second.abortTransaction()
      await first.commitTransaction()
      await expect(
        second.withTransaction(() => users.insertOne({ _id: "u2", email: "ada@example.com" }, { session: second }))
      ).rejects.toMatchObject({ code: 11000 })
    } finally {
      await first.endSession()
      await second.endSession()
    }
    expect(await users.find().toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
  })

  it("a write outside any transaction waits for the transaction that wrote the document, then applies", async () => {
    const db = freshDb()
    const counters = db.collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const session = client.startSession()
    try {
      session.startTransaction()
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })
      await expect(
        counters.updateOne({ _id: "signups" }, { $inc: { n: 100 } }, { maxTimeMS: 100 })
      ).rejects.toMatchObject({ code: 50, codeName: "MaxTimeMSExpired" })
      const waiting = counters.updateOne({ _id: "signups" }, { $inc: { n: 10 } })
      // Reads do not wait: they see the committed document.
      expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 0 })
      expect(await settlesWithin(waiting, 200)).toBe(false)
      await session.commitTransaction()
      expect(await waiting).toMatchObject({ modifiedCount: 1 })
    } finally {
      await session.endSession()
    }
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 11 })
  })

  it("dropping a database waits for the transactions that wrote to it", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    const session = client.startSession()
    try {
      session.startTransaction()
      await users.insertOne({ _id: "u1", email: "ada@example.com" }, { session })
      const dropping = db.dropDatabase()
      expect(await settlesWithin(dropping, 200)).toBe(false)
      await session.commitTransaction()
      await dropping
    } finally {
      await session.endSession()
    }
    expect(await users.find().toArray()).toEqual([])
  })
})

describe("sessions that end or vanish", () => {
  it("a client killed (kill -9) in the middle of a transaction leaves nothing, and holds nothing", async () => {
    const db = freshDb()
    const users = db.collection<User>("users")
    const counters = db.collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const script = fileURLToPath(new URL("testing/crashInTransaction.ts", import.meta.url))
    const child = spawn(process.execPath, [script, server.uri, db.databaseName], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("written")) resolve()
        })
        child.once("exit", (code) => reject(new Error(`the client exited on its own (${String(code)})`)))
      })
      expect(await users.findOne({ _id: "u1" })).toBeNull()
      const exited = new Promise((resolve) => child.once("exit", resolve))
      child.kill("SIGKILL")
      await exited

      // Far sooner than the 60 s lifetime limit: the transaction ended with its connection.
      await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { maxTimeMS: 5000 })
      await users.insertOne({ _id: "u1", email: "bob@example.com" }, { maxTimeMS: 5000 })
    } finally {
      child.kill("SIGKILL")
    }
    expect(await counters.findOne({ _id: "signups" })).toEqual({ _id: "signups", n: 1 })
    expect(await users.find().toArray()).toEqual([{ _id: "u1", email: "bob@example.com" }])
  })

  it("endSessions aborts the session's open transaction", async () => {
    const connection = await rawConnection(server.port)
    const $db = freshDb().databaseName
    const lsid = { id: new UUID() }
    try {
      const txnNumber = Long.fromNumber(1)
      expect(
        await connection.command({
          insert: "users",
          documents: [{ _id: "u1", email: "ada@example.com" }],
          lsid,
          txnNumber,
          startTransaction: true,
          autocommit: false,
          $db
        })
      ).toMatchObject({ ok: 1, n: 1 })
      expect(await connection.command({ endSessions: [lsid], $db: "admin" })).toMatchObject({ ok: 1 })
      expect(
        await connection.command({ commitTransaction: 1, lsid, txnNumber, autocommit: false, $db: "admin" })
      ).toMatchObject({ ok: 0, code: 251 })
      expect(await connection.command({ find: "users", filter: {}, $db })).toMatchObject({
        cursor: { firstBatch: [] }
      })
      // Its lock on u1 went with it: this does not wait.
      expect(
        await connection.command({ insert: "users", documents: [{ _id: "u1" }], maxTimeMS: 1000, $db })
      ).toMatchObject({ ok: 1, n: 1 })
    } finally {
      connection.close()
    }
  })
})

describe("commitTransaction and abortTransaction", () => {
  it("answer as MongoDB does for a transaction that is missing, aborted, committed or older", async () => {
    const connection = await rawConnection(server.port)
    const $db = freshDb().databaseName
    const lsid = { id: new UUID() }
    const inTransaction = (txnNumber: number, command: Record<string, unknown>) =>
      connection.command({ ...command, lsid, txnNumber: Long.fromNumber(txnNumber), autocommit: false })
    const commit = (txnNumber: number) => inTransaction(txnNumber, { commitTransaction: 1, $db: "admin" })
    const abort = (txnNumber: number) => inTransaction(txnNumber, { abortTransaction: 1, $db: "admin" })
    const insert = (txnNumber: number, _id: string, start = false) =>
      inTransaction(txnNumber, {
        insert: "things",
        documents: [{ _id }],
        $db,
        ...(start ? { startTransaction: true } : {})
      })
    const noSuchTransaction = {
      ok: 0,
      code: 251,
      codeName: "NoSuchTransaction",
      errorLabels: ["TransientTransactionError"]
    }
    try {
      expect(await commit(1)).toMatchObject(noSuchTransaction)

      expect(await insert(1, "a", true)).toMatchObject({ ok: 1, n: 1 })
      expect(await abort(1)).toMatchObject({ ok: 1 })
      expect(await commit(1)).toMatchObject(noSuchTransaction)
      expect(await abort(1)).toMatchObject(noSuchTransaction)
      expect(await insert(1, "b")).toMatchObject(noSuchTransaction)
      expect(await insert(1, "b", true)).toMatchObject({ ok: 0, code: 117, codeName: "ConflictingOperationInProgress" })

      expect(await insert(2, "c", true)).toMatchObject({ ok: 1, n: 1 })
      expect(await commit(2)).toMatchObject({ ok: 1 })
      expect(await commit(2)).toMatchObject({ ok: 1 })
      expect(await abort(2)).toMatchObject({ ok: 0, code: 256, codeName: "TransactionCommitted" })
      expect(await insert(2, "d")).toMatchObject({ ok: 0, code: 256 })
      expect(await insert(1, "e", true)).toMatchObject({ ok: 0, code: 225, codeName: "TransactionTooOld" })

      // A command a transaction cannot run aborts it.
      expect(await insert(3, "f", true)).toMatchObject({ ok: 1, n: 1 })
      expect(await inTransaction(3, { count: "things", $db })).toMatchObject({
        ok: 0,
        code: 263,
        codeName: "OperationNotSupportedInTransaction"
      })
      expect(await commit(3)).toMatchObject(noSuchTransaction)

      // A new transaction on the session discards the one left open.
      expect(await insert(4, "g", true)).toMatchObject({ ok: 1, n: 1 })
      expect(await insert(5, "h", true)).toMatchObject({ ok: 1, n: 1 })
      expect(await commit(5)).toMatchObject({ ok: 1 })
      expect(await commit(4)).toMatchObject({ ok: 0, code: 225 })
      // Nor does the discarded one hold its document any more.
      expect(
        await connection.command({ insert: "things", documents: [{ _id: "g" }], maxTimeMS: 1000, $db })
      ).toMatchObject({ ok: 1, n: 1 })

      expect(await connection.command({ find: "things", filter: {}, $db })).toMatchObject({
        cursor: { firstBatch: [{ _id: "c" }, { _id: "h" }, { _id: "g" }] }
      })
    } finally {
      connection.close()
    }
  })
})

describe("change streams and transactions", () => {
  it("deliver a transaction's writes only once it commits, all together and in order", async () => {
    const users = freshDb().collection<User>("users")
    await users.insertOne({ _id: "u0", email: "zed@example.com" })
    const stream = users.watch<User>([], { maxAwaitTimeMS: 50 })
    const session = client.startSession()
    try {
      expect(await stream.tryNext()).toBeNull()
      session.startTransaction()
      await users.insertOne({ _id: "u1", email: "ada@example.com" }, { session })
      await users.updateOne({ _id: "u1" }, { $set: { email: "ada@new.example.com" } }, { session })
      await users.deleteOne({ _id: "u0" }, { session })
      expect(await stream.tryNext()).toBeNull()
      await session.commitTransaction()

      const events: Array<ChangeStreamDocument<User>> = [await stream.next(), await stream.next(), await stream.next()]
      expect(events.map((event) => event.operationType)).toEqual(["insert", "update", "delete"])
      const [first] = events
      for (const event of events) {
        expect(event).toMatchObject({ lsid: { id: session.id?.id }, txnNumber: expect.anything() })
        expect("clusterTime" in event && "clusterTime" in first! && event.clusterTime.equals(first.clusterTime)).toBe(
          true
        )
      }
    } finally {
      await session.endSession()
      await stream.close()
    }
  })
})

describe("retryable writes", () => {
  it("a write whose reply was lost is applied once: the driver's retry gets the stored answer", async () => {
    const db = freshDb()
    const counters = db.collection<Counter>("counters")
    await counters.insertOne({ _id: "signups", n: 0 })
    const admin = client.db("admin")
    await admin.command({
      configureFailPoint: "onPrimaryTransactionalWrite",
      mode: { times: 2 },
      data: { closeConnection: true }
    })
    commandsSeen.length = 0
    expect(await counters.updateOne({ _id: "signups" }, { $inc: { n: 1 } })).toMatchObject({ modifiedCount: 1 })
    // Applied twice, the retry would fail with a duplicate key.
    expect(await counters.insertOne({ _id: "logins", n: 0 })).toMatchObject({ insertedId: "logins" })
    expect(await admin.command({ configureFailPoint: "onPrimaryTransactionalWrite", mode: "off" })).toMatchObject({
      count: 2
    })

    const writes = commandsSeen.filter((event) => event.databaseName === db.databaseName)
    expect(writes.map((event) => event.commandName)).toEqual(["update", "update", "insert", "insert"])
    expect(writes[1]?.command["txnNumber"]).toEqual(writes[0]?.command["txnNumber"])
    expect(writes[1]?.command["lsid"]).toEqual(writes[0]?.command["lsid"])
    expect(await counters.find().toArray()).toEqual([
      { _id: "signups", n: 1 },
      { _id: "logins", n: 0 }
    ])
  })

  it("answers a write sent again with the same lsid and txnNumber without applying it, and refuses an older number", async () => {
    const connection = await rawConnection(server.port)
    const $db = freshDb().databaseName
    const lsid = { id: new UUID() }
    const increment = (txnNumber: number) =>
      connection.command({
        update: "counters",
        updates: [{ q: { _id: "signups" }, u: { $inc: { n: 1 } }, upsert: true }],
        lsid,
        txnNumber: Long.fromNumber(txnNumber),
        $db
      })
    try {
      expect(await increment(1)).toMatchObject({ ok: 1, n: 1, upserted: [{ index: 0, _id: "signups" }] })
      expect(await increment(1)).toMatchObject({ ok: 1, n: 1, upserted: [{ index: 0, _id: "signups" }] })
      expect(await increment(2)).toMatchObject({ ok: 1, n: 1, nModified: 1 })
      expect(await increment(1)).toMatchObject({ ok: 0, code: 225, codeName: "TransactionTooOld" })
      expect(await connection.command({ find: "counters", filter: {}, $db })).toMatchObject({
        cursor: { firstBatch: [{ _id: "signups", n: 2 }] }
      })
    } finally {
      connection.close()
    }
  })
})
