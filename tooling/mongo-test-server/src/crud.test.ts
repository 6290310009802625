// Over 200 lines on purpose: one case per CRUD command the adapter sends, all against one running test double.
import { type CommandStartedEvent, type Document, MongoBulkWriteError, MongoClient, MongoServerError } from "mongodb"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MongoTestServer, startMongoTestServer } from "./index.ts"

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
/** A database of its own for each test. */
const freshDb = () => client.db(`crud_${++databases}`)

type Person = { _id: string; name: string; age?: number; tags?: Array<string> }

describe("the official driver against the MongoDB test double", () => {
  it("sees the primary of a one-node replica set and runs admin commands", async () => {
    expect(client.options.replicaSet).toBe("rs0")
    const hello = await client.db("admin").command({ hello: 1 })
    expect(hello).toMatchObject({ isWritablePrimary: true, setName: "rs0", hosts: [`127.0.0.1:${server.port}`] })
    expect(hello["maxWireVersion"]).toBeGreaterThanOrEqual(9)
    expect(await client.db("admin").command({ ping: 1 })).toMatchObject({ ok: 1 })
    expect(await client.db("admin").command({ buildInfo: 1 })).toMatchObject({ version: "8.0.0" })
  })

  it("inserts, finds with filter, sort, skip, limit and projection, counts", async () => {
    const people = freshDb().collection<Person>("people")
    await people.insertMany([
      { _id: "a", name: "Ada", age: 36 },
      { _id: "b", name: "Bob", age: 25 },
      { _id: "c", name: "Cy", age: 41 },
      { _id: "d", name: "Di" }
    ])
    expect(await people.findOne({ _id: "b" })).toEqual({ _id: "b", name: "Bob", age: 25 })
    expect(
      await people
        .find({ age: { $gte: 30 } })
        .sort({ age: -1 })
        .toArray()
    ).toEqual([
      { _id: "c", name: "Cy", age: 41 },
      { _id: "a", name: "Ada", age: 36 }
    ])
    expect(
      await people
        .find({}, { projection: { name: 1, _id: 0 } })
        .sort({ name: 1 })
        .skip(1)
        .limit(2)
        .toArray()
    ).toEqual([{ name: "Bob" }, { name: "Cy" }])
    expect(await people.find({ age: { $eq: null } } as Document).toArray()).toEqual([{ _id: "d", name: "Di" }])
    expect(await people.countDocuments({ age: { $lt: 40 } })).toBe(2)
    expect(await people.estimatedDocumentCount()).toBe(4)
    expect(await people.findOne({ _id: "nobody" })).toBeNull()
  })

  it("gives an inserted document without _id a new ObjectId", async () => {
    const things = freshDb().collection("things")
    const { insertedId } = await things.insertOne({ name: "x" })
    expect(await things.findOne({ _id: insertedId })).toEqual({ _id: insertedId, name: "x" })
  })

  it("updates with operators, reporting matched and modified counts as MongoDB does", async () => {
    const people = freshDb().collection<Person>("people")
    await people.insertMany([
      { _id: "a", name: "Ada", age: 36 },
      { _id: "b", name: "Bob", age: 25 }
    ])

    expect(await people.updateOne({ _id: "a" }, { $inc: { age: 1 }, $set: { tags: ["x"] } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 1,
      upsertedCount: 0
    })
    expect(await people.updateOne({ _id: "a" }, { $set: { name: "Ada" } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 0
    })
    expect(await people.updateMany({}, { $unset: { age: "" } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 })
    expect(await people.updateOne({ _id: "nobody" }, { $set: { name: "?" } })).toMatchObject({ matchedCount: 0 })
    expect(await people.find().toArray()).toEqual([
      { _id: "a", name: "Ada", tags: ["x"] },
      { _id: "b", name: "Bob" }
    ])
  })

  it("upserts a document built from the query's equality fields and the update", async () => {
    const counters = freshDb().collection<{ _id: string; kind?: string; n: number; created?: boolean }>("counters")
    const first = await counters.updateOne(
      { _id: "c1", kind: { $eq: "page" } },
      { $inc: { n: 1 }, $setOnInsert: { created: true } },
      { upsert: true }
    )
    expect(first).toMatchObject({ matchedCount: 0, upsertedCount: 1, upsertedId: "c1" })
    await counters.updateOne({ _id: "c1" }, { $inc: { n: 1 }, $setOnInsert: { created: false } }, { upsert: true })
    expect(await counters.findOne({ _id: "c1" })).toEqual({ _id: "c1", kind: "page", n: 2, created: true })
  })

  it("replaces a whole document, keeping its _id, and refuses to change an _id", async () => {
    const people = freshDb().collection<Person>("people")
    await people.insertOne({ _id: "a", name: "Ada", age: 36 })
    expect(await people.replaceOne({ _id: "a" }, { name: "Ada L." })).toMatchObject({ modifiedCount: 1 })
    expect(await people.findOne({ _id: "a" })).toEqual({ _id: "a", name: "Ada L." })
    await expect(people.updateOne({ _id: "a" }, { $set: { _id: "b" } })).rejects.toMatchObject({ code: 66 })
  })

  it("deletes one or many", async () => {
    const people = freshDb().collection<Person>("people")
    await people.insertMany([
      { _id: "a", name: "A" },
      { _id: "b", name: "B" },
      { _id: "c", name: "B" }
    ])
    expect(await people.deleteOne({ name: "B" })).toMatchObject({ deletedCount: 1 })
    expect(await people.deleteMany({})).toMatchObject({ deletedCount: 2 })
    expect(await people.countDocuments()).toBe(0)
  })

  it("runs an aggregation pipeline", async () => {
    const sales = freshDb().collection("sales")
    await sales.insertMany([
      { item: "a", qty: 2 },
      { item: "b", qty: 5 },
      { item: "a", qty: 3 }
    ])
    expect(
      await sales.aggregate([{ $group: { _id: "$item", total: { $sum: "$qty" } } }, { $sort: { _id: 1 } }]).toArray()
    ).toEqual([
      { _id: "a", total: 5 },
      { _id: "b", total: 5 }
    ])
  })

  it("answers unknown commands and bad queries with MongoDB's error shape", async () => {
    const error = await client
      .db("admin")
      .command({ frobnicate: 1 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error).toMatchObject({ code: 59, codeName: "CommandNotFound", message: "no such command: 'frobnicate'" })
    await expect(
      freshDb()
        .collection("x")
        .findOne({ a: { $frobnicate: 1 } })
    ).rejects.toBeInstanceOf(MongoServerError)
  })
})

describe("unique indexes", () => {
  it("refuse a duplicate insert with code 11000, keyPattern and keyValue, and keep the first", async () => {
    const users = freshDb().collection<{ _id: string; email: string }>("users")
    expect(await users.createIndex({ email: 1 }, { unique: true })).toBe("email_1")
    await users.insertOne({ _id: "u1", email: "ada@example.com" })

    const error = await users.insertOne({ _id: "u2", email: "ada@example.com" }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: "ada@example.com" },
      message: expect.stringContaining("E11000 duplicate key error collection: ")
    })
    expect((error as MongoServerError).message).toContain('index: email_1 dup key: { email: "ada@example.com" }')
    expect(await users.find().toArray()).toEqual([{ _id: "u1", email: "ada@example.com" }])
  })

  it("apply to _id, to updates and upserts, and to insertMany (which stops at the first when ordered)", async () => {
    const users = freshDb().collection<{ _id: string; email: string }>("users")
    await users.createIndex({ email: 1 }, { unique: true })
    await users.insertMany([
      { _id: "u1", email: "a@x" },
      { _id: "u2", email: "b@x" }
    ])

    await expect(users.insertOne({ _id: "u1", email: "c@x" })).rejects.toMatchObject({
      code: 11000,
      keyValue: { _id: "u1" }
    })
    await expect(users.updateOne({ _id: "u2" }, { $set: { email: "a@x" } })).rejects.toMatchObject({
      code: 11000,
      keyValue: { email: "a@x" }
    })
    await expect(
      users.findOneAndUpdate({ _id: "u3" }, { $set: { email: "b@x" } }, { upsert: true })
    ).rejects.toMatchObject({ code: 11000, codeName: "DuplicateKey", keyValue: { email: "b@x" } })

    const bulk = await users
      .insertMany([
        { _id: "u4", email: "d@x" },
        { _id: "u5", email: "a@x" },
        {
          _id: "u6",
          email: "f@x"
        }
      ])
      .catch((caught: unknown) => caught)
    expect(bulk).toBeInstanceOf(MongoBulkWriteError)
    expect((bulk as MongoBulkWriteError).insertedCount).toBe(1)
    expect((bulk as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }])
    expect((await users.find().toArray()).map((user) => user._id)).toEqual(["u1", "u2", "u4"])
  })

  it("cannot be built over duplicates; the same index again is a no-op; a conflicting one fails", async () => {
    const users = freshDb().collection("users")
    await users.insertMany([{ email: "a@x" }, { email: "a@x" }])
    await expect(users.createIndex({ email: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 })

    await users.deleteMany({})
    await users.createIndex({ email: 1 }, { unique: true })
    await users.createIndex({ email: 1 }, { unique: true })
    await expect(users.createIndex({ email: 1 }, { name: "email_1" })).rejects.toMatchObject({ code: 85 })
    expect(await users.listIndexes().toArray()).toEqual([
      { v: 2, key: { _id: 1 }, name: "_id_" },
      { v: 2, key: { email: 1 }, name: "email_1", unique: true }
    ])
  })
})

describe("findOneAndUpdate", () => {
  it("is atomic: of many concurrent single-use consumptions over several connections, exactly one wins", async () => {
    const tokens = freshDb().collection<{ _id: string; consumedAt: Date | null }>("tokens")
    await tokens.insertOne({ _id: "t1", consumedAt: null })
    const clients = await Promise.all(Array.from({ length: 4 }, () => new MongoClient(server.uri).connect()))
    try {
      const attempts = clients.flatMap((other) =>
        Array.from({ length: 5 }, () =>
          other
            .db(tokens.dbName)
            .collection<{ _id: string; consumedAt: Date | null }>("tokens")
            .findOneAndUpdate(
              { _id: "t1", consumedAt: null },
              { $set: { consumedAt: new Date() } },
              { returnDocument: "after" }
            )
        )
      )
      const results = await Promise.all(attempts)
      expect(results.filter((result) => result !== null)).toHaveLength(1)
    } finally {
      await Promise.all(clients.map((other) => other.close()))
    }
  })

  it("answers the document before or after, upserts, removes, and reports lastErrorObject", async () => {
    const tokens = freshDb().collection<{ _id: string; attempts: number }>("tokens")
    await tokens.insertOne({ _id: "t1", attempts: 0 })
    expect(await tokens.findOneAndUpdate({ _id: "t1" }, { $inc: { attempts: 1 } })).toEqual({ _id: "t1", attempts: 0 })
    expect(
      await tokens.findOneAndUpdate({ _id: "t1" }, { $inc: { attempts: 1 } }, { returnDocument: "after" })
    ).toEqual({ _id: "t1", attempts: 2 })
    expect(
      await tokens.findOneAndUpdate(
        { _id: "t2" },
        { $inc: { attempts: 1 } },
        {
          upsert: true,
          includeResultMetadata: true,
          returnDocument: "after"
        }
      )
    ).toMatchObject({
      value: { _id: "t2", attempts: 1 },
      lastErrorObject: { n: 1, updatedExisting: false, upserted: "t2" }
    })
    expect(await tokens.findOneAndUpdate({ _id: "none" }, { $inc: { attempts: 1 } })).toBeNull()
    expect(await tokens.findOneAndDelete({ _id: "t1" })).toEqual({ _id: "t1", attempts: 2 })
    expect(await tokens.find().toArray()).toEqual([{ _id: "t2", attempts: 1 }])
  })
})

/** The commands the driver sent for a collection's find cursors, in order. */
const batchesOf = (collectionName: string) =>
  commandsSeen
    .filter((event) => event.command["find"] === collectionName || event.command["collection"] === collectionName)
    .map((event) => event.commandName)

describe("cursors", () => {
  it("answer 101 documents first and the rest through getMore, and batchSize is honoured", async () => {
    const numbers = freshDb().collection<{ _id: number }>("numbers")
    await numbers.insertMany(Array.from({ length: 250 }, (_, index) => ({ _id: index })))

    const all = await numbers.find().toArray()
    expect(all.map((document) => document._id)).toEqual(Array.from({ length: 250 }, (_, index) => index))
    expect(batchesOf("numbers")).toEqual(["find", "getMore"])

    commandsSeen.length = 0
    expect(await numbers.find({}, { batchSize: 100 }).toArray()).toHaveLength(250)
    expect(batchesOf("numbers")).toEqual(["find", "getMore", "getMore"])
  })

  it("are killed when closed early, and a getMore on a killed cursor fails with CursorNotFound", async () => {
    const db = freshDb()
    const numbers = Array.from({ length: 150 }, (_, index) => ({ _id: index }))
    await db.collection<{ _id: number }>("numbers").insertMany(numbers)
    const firstBatch = (await db.command({ find: "numbers", batchSize: 10 })) as Document
    const cursorId = firstBatch["cursor"]["id"]
    expect(firstBatch["cursor"]["firstBatch"]).toHaveLength(10)
    expect(await db.command({ killCursors: "numbers", cursors: [cursorId] })).toMatchObject({
      cursorsKilled: [cursorId]
    })
    await expect(db.command({ getMore: cursorId, collection: "numbers" })).rejects.toMatchObject({
      code: 43,
      codeName: "CursorNotFound"
    })
  })
})

describe("TTL indexes", () => {
  it("keep expireAfterSeconds, and the TTL monitor deletes expired documents on its timer", async () => {
    const fastTtl = await startMongoTestServer({ ttlMonitorIntervalMs: 20 })
    const ttlClient = await new MongoClient(fastTtl.uri).connect()
    try {
      const sessions = ttlClient.db("ttl").collection<{ _id: string; expiresAt: Date }>("sessions")
      await sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })
      await sessions.insertMany([
        { _id: "expired", expiresAt: new Date(Date.now() - 1000) },
        { _id: "live", expiresAt: new Date(Date.now() + 60_000) }
      ])
      expect(await sessions.listIndexes().toArray()).toContainEqual({
        v: 2,
        key: { expiresAt: 1 },
        name: "expiresAt_1",
        expireAfterSeconds: 0
      })
      await expect.poll(async () => (await sessions.find().toArray()).map((session) => session._id)).toEqual(["live"])
    } finally {
      await ttlClient.close()
      await fastTtl.close()
    }
  })
})

describe("the failCommand fail point", () => {
  it("fails the chosen command the given number of times with the given code, and counts", async () => {
    const admin = client.db("admin")
    const people = freshDb().collection("people")
    await admin.command({
      configureFailPoint: "failCommand",
      mode: { times: 1 },
      data: { failCommands: ["find"], errorCode: 11601 }
    })
    await expect(people.findOne({})).rejects.toMatchObject({ code: 11601 })
    expect(await people.findOne({})).toBeNull()
    expect(await admin.command({ configureFailPoint: "failCommand", mode: "off" })).toMatchObject({ count: 1 })
  })
})
