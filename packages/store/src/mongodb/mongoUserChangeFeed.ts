// Over 200 lines on purpose: one change stream's life (open, skip its own echo, resume, resync, report lag) is one state machine, read top to bottom.
import type { RevokeReason } from "@verity/domain"
import { Effect, Stream } from "effect"
import {
  type ChangeStream,
  type ChangeStreamDocument,
  type ChangeStreamOptions,
  type Collection,
  type Document,
  MongoAPIError,
  MongoServerError,
  type ResumeToken
} from "mongodb"
import { type UserChangeFeedEvent, UserChangeFeed } from "../ports/UserChangeFeed.ts"
import { StoreError } from "../StoreError.ts"
import type { SessionDocument, UserDocument } from "./collections.ts"
import { toUserRecord } from "./mongoUsers.ts"
import { causeOfUserChange } from "./userChangeCause.ts"

/** What to watch and how its events become feed events. */
type Watch<TDocument extends Document> = {
  readonly name: string
  readonly collection: Collection<TDocument>
  readonly pipeline: ReadonlyArray<Document>
  readonly options: ChangeStreamOptions
  readonly toFeedEvents: (event: ChangeStreamDocument<TDocument>) => ReadonlyArray<UserChangeFeedEvent>
}

/** One subscriber's position in one change stream; lives as long as that subscriber's Stream. */
type Follower<TDocument extends Document> = {
  stream: ChangeStream<TDocument, ChangeStreamDocument<TDocument>> | undefined
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

const userChanges = (users: Collection<UserDocument>): Watch<UserDocument> => ({
  name: "users",
  collection: users,
  pipeline: [],
  options: { fullDocument: "updateLookup" },
  toFeedEvents: (event) => {
    switch (event.operationType) {
      case "insert":
      case "update":
      case "replace":
        // An update's lookup finds nothing when the user was deleted since; there is no user to report.
        return event.fullDocument === undefined || event.fullDocument === null
          ? []
          : [
              {
                _tag: "Changed",
                user: toUserRecord(event.fullDocument),
                cause: causeOfUserChange(event, event.fullDocument)
              }
            ]
      default:
        return []
    }
  }
})

const sessionRevocations = (sessions: Collection<SessionDocument>): Watch<SessionDocument> => ({
  name: "sessions",
  collection: sessions,
  // Only revocations: lastSeenAt updates would otherwise flood every instance.
  pipeline: [
    { $match: { operationType: "update", "updateDescription.updatedFields.revokedReason": { $exists: true } } }
  ],
  options: {},
  toFeedEvents: (event) => {
    if (event.operationType !== "update") return []
    const reason = event.updateDescription.updatedFields?.revokedReason
    return reason === undefined || reason === null
      ? []
      : [{ _tag: "SessionRevoked", sessionId: String(event.documentKey._id), reason: reason as RevokeReason }]
  }
})

/**
 * The users collection's change stream (`fullDocument: "updateLookup"`) merged with the sessions
 * collection's revocations, so writes from other API instances and from outside the API (an
 * operator in the shell) all arrive. Each user update carries the user as it is when the event
 * is delivered, which may already include later changes; the version lets consumers ignore what
 * they have seen. Each also carries why it happened (see `causeOfUserChange`).
 *
 * The driver resumes by itself once after a network error. Any failure it does not ride out is
 * retried here, with back-off, from the last resume token (the driver advances it even while
 * nothing changes, so a quiet collection does not fall out of the oplog). When the resume point
 * is gone, or the collection was dropped, the feed reopens from now *before* emitting
 * ResyncNeeded, so nothing written while the consumer re-reads the store is missed. Only a closed
 * client or a server that refuses change streams ends the Stream with a StoreError.
 */
export const makeMongoUserChangeFeed = (
  users: Collection<UserDocument>,
  sessions: Collection<SessionDocument>
): UserChangeFeed["Service"] =>
  UserChangeFeed.of({
    changes: Stream.merge(follow(userChanges(users)), follow(sessionRevocations(sessions)))
  })

const follow = <TDocument extends Document>(watch: Watch<TDocument>): Stream.Stream<UserChangeFeedEvent, StoreError> =>
  Stream.unwrap(
    Effect.acquireRelease(
      Effect.sync((): Follower<TDocument> => ({
        stream: undefined,
        resumeToken: undefined,
        resyncPending: false,
        failures: 0
      })),
      (follower) => closeQuietly(follower.stream)
    ).pipe(Effect.map((follower) => Stream.fromIterableEffectRepeat(nextChanges(watch, follower))))
  )

const nextChanges = <TDocument extends Document>(
  watch: Watch<TDocument>,
  follower: Follower<TDocument>
): Effect.Effect<ReadonlyArray<UserChangeFeedEvent>, StoreError> =>
  Effect.tryPromise({ try: () => pull(watch, follower), catch: (cause) => cause }).pipe(
    Effect.catch((cause) => recover(watch, follower, cause))
  )

const pull = async <TDocument extends Document>(
  watch: Watch<TDocument>,
  follower: Follower<TDocument>
): Promise<ReadonlyArray<UserChangeFeedEvent>> => {
  if (follower.stream === undefined) {
    const stream = watch.collection.watch<TDocument, ChangeStreamDocument<TDocument>>([...watch.pipeline], {
      ...watch.options,
      ...(follower.resumeToken === undefined ? {} : { resumeAfter: follower.resumeToken })
    })
    follower.stream = stream
    if (follower.resyncPending) {
      // tryNext runs the aggregate, so the stream is open on the server before the consumer re-reads.
      const first = await stream.tryNext()
      follower.resyncPending = false
      follower.resumeToken = stream.resumeToken ?? undefined
      follower.failures = 0
      return [{ _tag: "ResyncNeeded" }, ...(first === null ? [] : await changesOf(watch, first, follower))]
    }
  }
  const event = await follower.stream.next()
  follower.resumeToken = follower.stream.resumeToken ?? undefined
  follower.failures = 0
  return await changesOf(watch, event, follower)
}

const changesOf = async <TDocument extends Document>(
  watch: Watch<TDocument>,
  event: ChangeStreamDocument<TDocument>,
  follower: Follower<TDocument>
): Promise<ReadonlyArray<UserChangeFeedEvent>> => {
  if (event.operationType !== "invalidate") return watch.toFeedEvents(event)
  // The collection was dropped or renamed: this stream is over and cannot be resumed.
  const stream = follower.stream
  follower.stream = undefined
  follower.resumeToken = undefined
  follower.resyncPending = true
  await closeStream(stream)
  return []
}

const recover = <TDocument extends Document>(
  watch: Watch<TDocument>,
  follower: Follower<TDocument>,
  cause: unknown
): Effect.Effect<ReadonlyArray<UserChangeFeedEvent>, StoreError> =>
  Effect.gen(function* () {
    const stream = follower.stream
    follower.stream = undefined
    const lastToken = stream?.resumeToken ?? follower.resumeToken
    yield* closeQuietly(stream)
    if (cause instanceof MongoServerError && resumePointLost.has(Number(cause.code))) {
      follower.resumeToken = undefined
      follower.resyncPending = true
      yield* Effect.logWarning(
        `The ${watch.name} change stream cannot resume (its history is gone); reopening from now`,
        cause
      )
      return []
    }
    const refused = cause instanceof MongoServerError && refusedForGood.has(Number(cause.code))
    if (cause instanceof MongoAPIError || refused) {
      return yield* new StoreError({ operation: "UserChangeFeed.changes", cause })
    }
    follower.resumeToken = lastToken
    follower.failures += 1
    const delayMs = Math.min(maxBackoffMs, 100 * 2 ** (follower.failures - 1))
    yield* Effect.logWarning(
      `The ${watch.name} change stream failed; resuming from the last token in ${delayMs} ms`,
      cause
    )
    yield* Effect.sleep(delayMs)
    return []
  })

// Closing is best effort: the client may be closed already, which closes the stream with it.
const closeStream = async (
  stream: ChangeStream<Document, ChangeStreamDocument<Document>> | undefined
): Promise<void> => {
  await stream?.close().catch(() => undefined)
}

const closeQuietly = <TDocument extends Document>(
  stream: ChangeStream<TDocument, ChangeStreamDocument<TDocument>> | undefined
): Effect.Effect<void> =>
  Effect.promise(() => closeStream(stream as ChangeStream<Document, ChangeStreamDocument<Document>> | undefined))
