import { createServer, type AddressInfo, type Socket } from "node:net"
import { Catalog } from "./Catalog.ts"
import { ChangeLog } from "./ChangeLog.ts"
import { ClusterClock } from "./ClusterClock.ts"
import { Cursors } from "./Cursors.ts"
import { FailPoints } from "./FailPoints.ts"
import { serveConnection } from "./serveConnection.ts"
import { DocumentLocks } from "./transactions/DocumentLocks.ts"
import { Sessions } from "./transactions/Sessions.ts"
import { defaultTransactionLifetimeLimitMs } from "./transactions/Transaction.ts"
import { defaultTtlMonitorIntervalMs, startTtlMonitor } from "./TtlMonitor.ts"

export type MongoTestServerOptions = {
  /** The TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number
  /** How often expired documents of TTL indexes are deleted (MongoDB: every 60 s). */
  readonly ttlMonitorIntervalMs?: number
  /** How long a transaction may stay open before the server aborts it (MongoDB: 60 s). */
  readonly transactionLifetimeLimitMs?: number
}

export type MongoTestServer = {
  /** A connection string for the official driver: a one-node replica set named rs0. */
  readonly uri: string
  readonly port: number
  /**
   * Cuts every client connection, as a network failure would; data and open cursors stay, open
   * transactions are aborted.
   */
  dropConnections(): void
  /**
   * Forgets the change history so far, as when the oplog rolls over: a change stream resuming
   * from a point before the newest forgotten change fails with ChangeStreamHistoryLost (286).
   */
  forgetChangeHistory(): void
  /** Stops listening and drops every connection; the data is gone with it. */
  close(): Promise<void>
}

const host = "127.0.0.1"
const replicaSetName = "rs0"

/**
 * Starts a MongoDB test double: the official driver connects to it over TCP and sees the primary
 * of a one-node replica set. Everything is kept in memory. See README.md for what it implements.
 */
export const startMongoTestServer = async (options: MongoTestServerOptions = {}): Promise<MongoTestServer> => {
  const clock = new ClusterClock()
  const changes = new ChangeLog(clock)
  const catalog = new Catalog(changes)
  const cursors = new Cursors()
  const failPoints = new FailPoints()
  const locks = new DocumentLocks()
  const sessions = new Sessions({
    catalog,
    changes,
    locks,
    lifetimeLimitMs: options.transactionLifetimeLimitMs ?? defaultTransactionLifetimeLimitMs
  })
  const sockets = new Set<Socket>()
  let closing = false
  let lastConnectionId = 0

  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const topology = { setName: replicaSetName, host: `${host}:${port}` }
  const ttlMonitor = startTtlMonitor(catalog, locks, options.ttlMonitorIntervalMs ?? defaultTtlMonitorIntervalMs)

  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    lastConnectionId += 1
    serveConnection(socket, {
      catalog,
      changes,
      cursors,
      clock,
      failPoints,
      locks,
      sessions,
      topology,
      connectionId: lastConnectionId,
      closing: () => closing
    })
  })

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy()
  }

  return {
    uri: `mongodb://${topology.host}/?replicaSet=${replicaSetName}`,
    port,
    dropConnections,
    forgetChangeHistory: () => changes.forgetAll(),
    close: async () => {
      closing = true
      ttlMonitor.stop()
      sessions.endAll()
      changes.wake()
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      dropConnections()
      await closed
    }
  }
}
