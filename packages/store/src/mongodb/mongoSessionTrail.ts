import { Effect } from "effect"
import type { Collection } from "mongodb"
import { SessionTrail } from "../ports/SessionTrail.ts"
import type { SessionTrailRecord, UserChangeDispatchedRecord } from "../records.ts"
import type { SessionTrailDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toDocument = (record: SessionTrailRecord): SessionTrailDocument => {
  const { id, ...fields } = record
  return { _id: id, ...fields, expiresAtDate: new Date(record.expiresAt) } as SessionTrailDocument
}

const toRecord = (document: SessionTrailDocument): SessionTrailRecord => {
  const { _id, expiresAtDate: _ttl, ...fields } = document
  return { id: _id, ...fields } as SessionTrailRecord
}

export const makeMongoSessionTrail = (
  trail: Collection<SessionTrailDocument>,
  { operation, transact }: MongoConnection
): SessionTrail["Service"] =>
  SessionTrail.of({
    append: (records, { keepPerSessionAndKind }) =>
      transact(
        Effect.gen(function* () {
          if (records.length === 0) return
          yield* operation("SessionTrail.append", async (options) => {
            await trail.insertMany(records.map(toDocument), { ...options, ordered: true })
          })
          const sessionIds = [
            ...new Set(records.flatMap((record) => (record.sessionId === null ? [] : [record.sessionId])))
          ]
          if (sessionIds.length === 0) return
          yield* operation("SessionTrail.append", async (options) => {
            const crowded = await trail
              .aggregate<{ _id: { sessionId: string; kind: string } }>(
                [
                  { $match: { sessionId: { $in: sessionIds } } },
                  { $group: { _id: { sessionId: "$sessionId", kind: "$kind" }, count: { $sum: 1 } } },
                  { $match: { count: { $gt: keepPerSessionAndKind } } }
                ],
                options
              )
              .toArray()
            for (const { _id: group } of crowded) {
              const oldest = await trail
                .find({ sessionId: group.sessionId, kind: group.kind } as never, { ...options, projection: { _id: 1 } })
                .sort({ at: -1, seq: -1 })
                .skip(keepPerSessionAndKind)
                .toArray()
              await trail.deleteMany({ _id: { $in: oldest.map((document) => document._id) } }, options)
            }
          })
        })
      ),
    ofSession: (sessionId, limit) =>
      operation("SessionTrail.ofSession", (options) =>
        trail.find({ sessionId }, options).sort({ at: -1, seq: -1 }).limit(limit).toArray()
      ).pipe(Effect.map((documents) => documents.map(toRecord).toReversed())),
    ofUser: (userId, { limit, since, kinds }) =>
      operation("SessionTrail.ofUser", (options) =>
        trail
          .find(
            {
              userId,
              ...(since === undefined ? {} : { at: { $gte: since } }),
              ...(kinds === undefined ? {} : { kind: { $in: [...kinds] } })
            },
            options
          )
          .sort({ at: -1, seq: -1 })
          .limit(limit)
          .toArray()
      ).pipe(Effect.map((documents) => documents.map(toRecord))),
    latestOfSessions: (sessionIds, options) =>
      operation("SessionTrail.latestOfSessions", (sessionOption) =>
        trail
          .aggregate<SessionTrailDocument>(
            [
              {
                $match: {
                  sessionId: { $in: [...sessionIds] },
                  ...(options?.before === undefined ? {} : { at: { $lt: options.before } })
                }
              },
              { $sort: { sessionId: 1, at: -1, seq: -1 } },
              { $group: { _id: "$sessionId", latest: { $first: "$$ROOT" } } },
              { $replaceRoot: { newRoot: "$latest" } },
              { $sort: { at: 1, seq: 1 } }
            ],
            sessionOption
          )
          .toArray()
      ).pipe(Effect.map((documents) => documents.map(toRecord))),
    dispatchesOf: (userId, version) =>
      operation("SessionTrail.dispatchesOf", (options) =>
        trail.find({ userId, kind: "dispatched", userVersion: version }, options).sort({ at: 1, seq: 1 }).toArray()
      ).pipe(Effect.map((documents) => documents.map((document) => toRecord(document) as UserChangeDispatchedRecord))),
    // The TTL index deletes these too, within a minute; this makes retention exact when it is asked for.
    expire: (now) =>
      operation("SessionTrail.expire", async (options) => {
        const result = await trail.deleteMany({ expiresAt: { $lte: now } }, options)
        return result.deletedCount
      })
  })
