import { Effect, Option } from "effect"
import type { Collection } from "mongodb"
import { InspectorAccess } from "../ports/InspectorAccess.ts"
import type { InspectorAccessRecord, InspectorAuditRecord } from "../records.ts"
import type { InspectorAccessDocument, InspectorAuditDocument } from "./collections.ts"
import type { MongoConnection } from "./mongoConnection.ts"

const toAccess = ({ _id, expiresAtDate: _ttl, ...fields }: InspectorAccessDocument): InspectorAccessRecord => ({
  id: _id,
  ...fields
})

const toEntry = ({ _id, expiresAtDate: _ttl, ...fields }: InspectorAuditDocument): InspectorAuditRecord => ({
  id: _id,
  ...fields
})

export const makeMongoInspectorAccess = (
  accesses: Collection<InspectorAccessDocument>,
  audit: Collection<InspectorAuditDocument>,
  { operation }: MongoConnection
): InspectorAccess["Service"] =>
  InspectorAccess.of({
    open: (access) =>
      operation("InspectorAccess.open", async (options) => {
        const { id, ...fields } = access
        await accesses.insertOne({ _id: id, ...fields, expiresAtDate: new Date(access.expiresAt) }, options)
      }),
    findByTokenHash: (tokenHash) =>
      operation("InspectorAccess.findByTokenHash", (options) => accesses.findOne({ tokenHash }, options)).pipe(
        Effect.map((document) => Option.map(Option.fromNullishOr(document), toAccess))
      ),
    // `endedAt: null` in the filter makes ending final: an ended access never matches again.
    end: (id, at) =>
      operation("InspectorAccess.end", async (options) => {
        const result = await accesses.updateOne({ _id: id, endedAt: null }, { $set: { endedAt: at } }, options)
        return result.matchedCount === 1
      }),
    record: (entry) =>
      operation("InspectorAccess.record", async (options) => {
        const { id, ...fields } = entry
        await audit.insertOne({ _id: id, ...fields, expiresAtDate: new Date(entry.expiresAt) }, options)
      }),
    auditLog: (limit) =>
      operation("InspectorAccess.auditLog", (options) =>
        audit.find({}, options).sort({ at: -1 }).limit(limit).toArray()
      ).pipe(Effect.map((documents) => documents.map(toEntry))),
    // The TTL indexes delete these too, within a minute; this makes retention exact when it is asked for.
    expire: (now) =>
      operation("InspectorAccess.expire", async (options) => {
        const ended = await accesses.deleteMany({ expiresAt: { $lte: now } }, options)
        const entries = await audit.deleteMany({ expiresAt: { $lte: now } }, options)
        return ended.deletedCount + entries.deletedCount
      })
  })
