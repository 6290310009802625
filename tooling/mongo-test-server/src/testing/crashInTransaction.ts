import { MongoClient } from "mongodb"

// A client that dies in the middle of a transaction: transactions.test.ts runs it as a child
// process, waits for "written" on stdout and kills it (kill -9) before it can commit or abort.
//   node src/testing/crashInTransaction.ts <uri> <db>
const [uri, dbName] = process.argv.slice(2)
if (uri === undefined || dbName === undefined) throw new Error("usage: crashInTransaction.ts <uri> <db>")

const client = await new MongoClient(uri).connect()
const db = client.db(dbName)
const session = client.startSession()
session.startTransaction()
await db
  .collection<{ _id: string; email: string }>("users")
  .insertOne({ _id: "u1", email: "ada@example.com" }, { session })
await db
  .collection<{ _id: string; n: number }>("counters")
  .updateOne({ _id: "signups" }, { $inc: { n: 1 } }, { session })
process.stdout.write("written\n")
// Nothing more: the process lives until it is killed.
setInterval(() => undefined, 60_000)
