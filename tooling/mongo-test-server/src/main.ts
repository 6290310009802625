import { parseArgs } from "node:util"
import { startMongoTestServer } from "./MongoTestServer.ts"

// For manual runs (several API instances on one test double):
//   node tooling/mongo-test-server/src/main.ts --port 27017
const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } })
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a TCP port number, not ${values.port}`)
  process.exit(2)
}

const server = await startMongoTestServer({ port })
console.log(server.uri)
console.error("MongoDB test double (in memory, not a real MongoDB); Ctrl-C stops it.")

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0))
  })
}
