import { Binary, type Document, Long, Timestamp } from "bson"

/**
 * The replica set's logical clock: every write gets a later Timestamp (seconds, increment), like
 * an oplog entry. Replies carry it as `operationTime` and `$clusterTime`; the driver uses the
 * first to start a change stream at the right point when it has no resume token yet.
 */
export class ClusterClock {
  #last = new Timestamp({ t: Math.floor(Date.now() / 1000), i: 0 })

  get now(): Timestamp {
    return this.#last
  }

  tick(): Timestamp {
    const seconds = Math.floor(Date.now() / 1000)
    const last = this.#last
    this.#last = seconds > last.t ? new Timestamp({ t: seconds, i: 1 }) : new Timestamp({ t: last.t, i: last.i + 1 })
    return this.#last
  }

  /** Gossiped to the driver; the signature is a dummy, as on a server without keyfile auth. */
  gossip(): Document {
    return {
      operationTime: this.#last,
      $clusterTime: { clusterTime: this.#last, signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.ZERO } }
    }
  }
}
