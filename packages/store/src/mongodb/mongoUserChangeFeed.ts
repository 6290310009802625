import { Effect, Stream } from "effect"
import {
  type ChangeStream,
  type ChangeStreamDocument,
  type Collection,
  MongoAPIError,
  MongoServerError,
  type ResumeToken
} from "mongodb"
import { type UserChangeFeedEvent, UserChangeFeed } from "../ports/UserChangeFeed.ts"
import { StoreError } from "../StoreError.ts"
import type { UserDocument } from "./collections.ts"
import { toUserRecord } from "./mongoUsers.ts"

type UserChangeStream = ChangeStream<UserDocument, ChangeStreamDocument<UserDocument>>

/** One subscriber's position in the change stream; lives as long as that subscriber's Stream. */
type Follower = {
  stream: UserChangeStream | undefined
  /** Where to reopen after a failure: the last change delivered, or a later point the server reported. */
  resumeToken: ResumeToken | undefined
  /** The resume point was lost: reopen from now, then tell the consumer to re-read. */
  resyncPending: boolean
  /** Failures in a row, for the back-off. */
  failures: number
}

// The resume point is no longer in the oplog (or was never a valid one): only a re-read helps.
const resumePointLost = new Set([
  136, // CappedPositionLost
  260, // InvalidResumeToken
  280, // ChangeStreamFatalError ("the resume token was not found")
  286 // ChangeStreamHistoryLost
])

// The server will not serve this stream however often it is asked.
const refusedForGood = new Set([
  13, // Unauthorized
  115, // CommandNotSupported
  40573 // "The $changeStream stage is only supported on replica sets"
])

const maxBackoffMs = 10_000

/**
 * The users collection's change stream (`fullDocument: "updateLookup"`), so writes from other API
 * instances and from outside the API (an operator in the shell) all arrive. Each update carries
 * the user as it is when the event is delivered, which may already include later changes; the
 * version lets consumers ignore what they have seen.
 *
 * The driver resumes by itself once after a network error. Any failure it does not ride out is
 * retried here, with back-off, from the last resume token (the driver advances it even while no
 * user changes, so a quiet collection does not fall out of the oplog). When the resume point is
 * gone, or the collection was dropped, the feed reopens from now *before* emitting ResyncNeeded,
 * so nothing written while the consumer re-reads the store is missed. Only a closed client or a
 * server that refuses change streams ends the Stream with a StoreError.
 */
export const makeMongoUserChangeFeed = (users: Collection<UserDocument>): UserChangeFeed["Service"] =>
  UserChangeFeed.of({
    changes: Stream.unwrap(
      Effect.acquireRelease(
        Effect.sync((): Follower => ({ stream: undefined, resumeToken: undefined, resyncPending: false, failures: 0 })),
        (follower) => closeQuietly(follower.stream)
      ).pipe(Effect.map((follower) => Stream.fromIterableEffectRepeat(nextChanges(users, follower))))
    )
  })

const nextChanges = (
  users: Collection<UserDocument>,
  follower: Follower
): Effect.Effect<ReadonlyArray<UserChangeFeedEvent>, StoreError> =>
  Effect.tryPromise({ try: () => pull(users, follower), catch: (cause) => cause }).pipe(
    Effect.catch((cause) => recover(follower, cause))
  )

const pull = async (
  users: Collection<UserDocument>,
  follower: Follower
): Promise<ReadonlyArray<UserChangeFeedEvent>> => {
  if (follower.stream === undefined) {
    const stream = users.watch<UserDocument, ChangeStreamDocument<UserDocument>>([], {
      fullDocument: "updateLookup",
      ...(follower.resumeToken === undefined ? {} : { resumeAfter: follower.resumeToken })
    })
    follower.stream = stream
    if (follower.resyncPending) {
      // tryNext runs the aggregate, so the stream is open on the server before the consumer re-reads.
      const first = await stream.tryNext()
      follower.resyncPending = false
      follower.resumeToken = stream.resumeToken ?? undefined
      follower.failures = 0
      return [{ _tag: "ResyncNeeded" }, ...(first === null ? [] : await changesOf(first, follower))]
    }
  }
  const event = await follower.stream.next()
  follower.resumeToken = follower.stream.resumeToken ?? undefined
  follower.failures = 0
  return await changesOf(event, follower)
}

const changesOf = async (
  event: ChangeStreamDocument<UserDocument>,
  follower: Follower
): Promise<ReadonlyArray<UserChangeFeedEvent>> => {
  switch (event.operationType) {
    case "insert":
    case "update":
    case "replace":
      // An update's lookup finds nothing when the user was deleted since; there is no user to report.
      return event.fullDocument === undefined || event.fullDocument === null
        ? []
        : [{ _tag: "Changed", user: toUserRecord(event.fullDocument) }]
    case "invalidate": {
      // The collection was dropped or renamed: this stream is over and cannot be resumed.
      const stream = follower.stream
      follower.stream = undefined
      follower.resumeToken = undefined
      follower.resyncPending = true
      await closeStream(stream)
      return []
    }
    default:
      return []
  }
}

const recover = (follower: Follower, cause: unknown): Effect.Effect<ReadonlyArray<UserChangeFeedEvent>, StoreError> =>
  Effect.gen(function*() {
    const stream = follower.stream
    follower.stream = undefined
    const lastToken = stream?.resumeToken ?? follower.resumeToken
    yield* closeQuietly(stream)
    if (cause instanceof MongoServerError && resumePointLost.has(Number(cause.code))) {
      follower.resumeToken = undefined
      follower.resyncPending = true
      yield* Effect.logWarning("User change stream cannot resume (its history is gone); reopening from now", cause)
      return []
    }
    const refused = cause instanceof MongoServerError && refusedForGood.has(Number(cause.code))
    if (cause instanceof MongoAPIError || refused) {
      return yield* new StoreError({ operation: "UserChangeFeed.changes", cause })
    }
    follower.resumeToken = lastToken
    follower.failures += 1
    const delayMs = Math.min(maxBackoffMs, 100 * 2 ** (follower.failures - 1))
    yield* Effect.logWarning(`User change stream failed; resuming from the last token in ${delayMs} ms`, cause)
    yield* Effect.sleep(delayMs)
    return []
  })

// Closing is best effort: the client may be closed already, which closes the stream with it.
const closeStream = async (stream: UserChangeStream | undefined): Promise<void> => {
  await stream?.close().catch(() => undefined)
}

const closeQuietly = (stream: UserChangeStream | undefined): Effect.Effect<void> =>
  Effect.promise(() => closeStream(stream))
