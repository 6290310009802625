// Over 200 lines on purpose: one case per change-stream behaviour the adapter relies on (resume tokens, invalidation, filters), against one test double.
import { type ChangeStreamDocument, MongoClient, MongoServerError, type ResumeToken } from "mongodb"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MongoTestServer, startMongoTestServer } from "./index.ts"

type User = { _id: string; email: string; version: number }

let server: MongoTestServer
let client: MongoClient

beforeAll(async () => {
  server = await startMongoTestServer()
  client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 }).connect()
})

afterAll(async () => {
  await client.close()
  await server.close()
})

// Short waits keep the tests quick: each tryNext that finds nothing waits this long in getMore.
const maxAwaitTimeMS = 50

let databases = 0
const freshUsers = () => client.db(`changes_${++databases}`).collection<User>("users")

/** What a test compares: the event without its resume token and times. */
const summary = (event: ChangeStreamDocument<User>) => {
  const {
    _id,
    clusterTime: _clusterTime,
    wallTime: _wallTime,
    ...rest
  } = event as ChangeStreamDocument<User> & {
    clusterTime?: unknown
    wallTime?: unknown
  }
  return rest
}

describe("change streams", () => {
  it("report insert, update, replace and delete; updateLookup adds an update's current document", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([], { fullDocument: "updateLookup", maxAwaitTimeMS })
    try {
      expect(await stream.tryNext()).toBeNull()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      await users.updateOne({ _id: "u1" }, { $set: { email: "ada@new.example.com" }, $inc: { version: 1 } })
      await users.replaceOne({ _id: "u1" }, { email: "ada@third.example.com", version: 3 })
      await users.deleteOne({ _id: "u1" })

      const ns = { db: users.dbName, coll: "users" }
      expect(summary(await stream.next())).toEqual({
        operationType: "insert",
        ns,
        documentKey: { _id: "u1" },
        fullDocument: { _id: "u1", email: "ada@example.com", version: 1 }
      })
      // Looked up when delivered, so it is already gone: MongoDB answers null then, too.
      expect(summary(await stream.next())).toEqual({
        operationType: "update",
        ns,
        documentKey: { _id: "u1" },
        fullDocument: null,
        updateDescription: {
          updatedFields: { email: "ada@new.example.com", version: 2 },
          removedFields: [],
          truncatedArrays: []
        }
      })
      expect(summary(await stream.next())).toEqual({
        operationType: "replace",
        ns,
        documentKey: { _id: "u1" },
        fullDocument: { _id: "u1", email: "ada@third.example.com", version: 3 }
      })
      expect(summary(await stream.next())).toEqual({ operationType: "delete", ns, documentKey: { _id: "u1" } })
    } finally {
      await stream.close()
    }
  })

  it("look the full document up when the update is delivered", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([], { fullDocument: "updateLookup", maxAwaitTimeMS })
    try {
      await stream.tryNext()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      await users.updateOne({ _id: "u1" }, { $inc: { version: 1 } })
      await stream.next()
      const update = await stream.next()
      expect(update).toMatchObject({ operationType: "update", fullDocument: { _id: "u1", version: 2 } })
    } finally {
      await stream.close()
    }
  })

  it("resume after a token with exactly the events missed in between, in order", async () => {
    const users = freshUsers()
    const first = users.watch<User>([], { fullDocument: "updateLookup", maxAwaitTimeMS })
    let token: ResumeToken
    try {
      await first.tryNext()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      await first.next()
      token = first.resumeToken
    } finally {
      await first.close()
    }

    await users.insertOne({ _id: "u2", email: "bob@example.com", version: 1 })
    await users.updateOne({ _id: "u1" }, { $inc: { version: 1 } })

    const resumed = users.watch<User>([], { fullDocument: "updateLookup", resumeAfter: token, maxAwaitTimeMS })
    try {
      const missed = [await resumed.next(), await resumed.next()]
      expect(missed.map((event) => [event.operationType, "documentKey" in event && event.documentKey._id])).toEqual([
        ["insert", "u2"],
        ["update", "u1"]
      ])
      expect(await resumed.tryNext()).toBeNull()
    } finally {
      await resumed.close()
    }
  })

  it("start at an operation time", async () => {
    const users = freshUsers()
    await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
    const { operationTime } = await users
      .updateOne({ _id: "u1" }, { $inc: { version: 1 } })
      .then(() => client.db(users.dbName).command({ ping: 1 }))
    await users.updateOne({ _id: "u1" }, { $inc: { version: 1 } })

    const stream = users.watch<User>([], { fullDocument: "updateLookup", startAtOperationTime: operationTime })
    try {
      // The operation time is that of the last write before the ping, so that update is included.
      expect(await stream.next()).toMatchObject({ updateDescription: { updatedFields: { version: 2 } } })
      expect(await stream.next()).toMatchObject({ updateDescription: { updatedFields: { version: 3 } } })
    } finally {
      await stream.close()
    }
  })

  it("wait up to maxAwaitTimeMS in getMore, then answer an empty batch that still moves the resume token", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([], { maxAwaitTimeMS: 600 })
    try {
      expect(await stream.tryNext()).toBeNull()
      const before = stream.resumeToken
      await client.db(users.dbName).collection("other").insertOne({ unrelated: true })
      const started = Date.now()
      expect(await stream.tryNext()).toBeNull()
      expect(Date.now() - started).toBeGreaterThanOrEqual(550)
      expect(stream.resumeToken).not.toEqual(before)

      const pending = stream.next()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const written = Date.now()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      expect(await pending).toMatchObject({ operationType: "insert" })
      // Well before the 600 ms a getMore would otherwise wait.
      expect(Date.now() - written).toBeLessThan(400)
    } finally {
      await stream.close()
    }
  })

  it("survive dropped connections: the driver resumes with its token and misses nothing", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([], { fullDocument: "updateLookup", maxAwaitTimeMS })
    try {
      await stream.tryNext()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      expect(await stream.next()).toMatchObject({ operationType: "insert" })

      server.dropConnections()
      await users.updateOne({ _id: "u1" }, { $inc: { version: 1 } })
      expect(await stream.next()).toMatchObject({ operationType: "update", fullDocument: { version: 2 } })
    } finally {
      await stream.close()
    }
  })

  it("refuse a token whose history is gone (ChangeStreamHistoryLost) or a non-token (InvalidResumeToken)", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([], { maxAwaitTimeMS })
    let token: ResumeToken
    try {
      await stream.tryNext()
      token = stream.resumeToken
    } finally {
      await stream.close()
    }
    await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
    server.forgetChangeHistory()

    const lost = await users
      .watch<User>([], { resumeAfter: token })
      .next()
      .catch((error: unknown) => error)
    expect(lost).toBeInstanceOf(MongoServerError)
    expect(lost).toMatchObject({ code: 286, codeName: "ChangeStreamHistoryLost" })

    const invalid = await users
      .watch<User>([], { resumeAfter: { _data: "nonsense" } })
      .next()
      .catch((error: unknown) => error)
    expect(invalid).toMatchObject({ code: 260, codeName: "InvalidResumeToken" })
  })

  it("run the stages after $changeStream on each event", async () => {
    const users = freshUsers()
    const stream = users.watch<User>([{ $match: { operationType: "update" } }], {
      fullDocument: "updateLookup",
      maxAwaitTimeMS
    })
    try {
      await stream.tryNext()
      await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
      await users.updateOne({ _id: "u1" }, { $inc: { version: 1 } })
      expect(await stream.next()).toMatchObject({ operationType: "update", fullDocument: { version: 2 } })
    } finally {
      await stream.close()
    }
    await expect(users.aggregate([{ $match: {} }, { $changeStream: {} }]).toArray()).rejects.toMatchObject({
      code: 40602
    })
  })

  it("end with drop and invalidate when the collection is dropped", async () => {
    const users = freshUsers()
    await users.insertOne({ _id: "u1", email: "ada@example.com", version: 1 })
    const stream = users.watch<User>([], { maxAwaitTimeMS })
    try {
      await stream.tryNext()
      await users.drop()
      expect(await stream.next()).toMatchObject({ operationType: "drop", ns: { db: users.dbName, coll: "users" } })
      expect(await stream.next()).toMatchObject({ operationType: "invalidate" })
      await expect(stream.next()).rejects.toThrow("ChangeStream is closed")
    } finally {
      await stream.close()
    }
  })
})
