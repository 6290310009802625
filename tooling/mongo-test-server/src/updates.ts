import { type Document, ObjectId } from "bson"
import { update as applyOperators, updateOne } from "mingo"
import type { Modifier, PipelineStage } from "mingo/updater"
import { CommandError } from "./CommandError.ts"
import { cloneDocument, isPlainDocument, sameValue } from "./documents.ts"

export type UpdateResult = {
  readonly document: Document
  /** A replacement document (no update operators) makes a `replace` change event, not `update`. */
  readonly replacement: boolean
}

const immutableId = () =>
  new CommandError("ImmutableField", "Performing an update on the path '_id' would modify the immutable field '_id'")

const isPipeline = (update: unknown): update is ReadonlyArray<Document> => Array.isArray(update)

const isOperatorUpdate = (update: Document): boolean => Object.keys(update).some((field) => field.startsWith("$"))

/** Applies an update (operators, a replacement document or a pipeline) to a copy of `document`. */
export const applyUpdate = (document: Document, update: unknown, arrayFilters: unknown): UpdateResult => {
  const result = updated(document, update, arrayFilters, false)
  if (!sameValue(result.document["_id"], document["_id"])) throw immutableId()
  return result
}

/**
 * The document an upsert inserts: the query's equality fields, then the update (with
 * `$setOnInsert`), or the replacement document with the query's `_id`; a new ObjectId if none.
 */
export const upsertDocument = (query: Document, update: unknown, arrayFilters: unknown): Document => {
  const { document } = updated(equalityFields(query), update, arrayFilters, true)
  const { _id = new ObjectId(), ...fields } = document
  return { _id, ...fields }
}

const updated = (document: Document, update: unknown, arrayFilters: unknown, inserting: boolean): UpdateResult => {
  if (isPipeline(update)) {
    const documents = [cloneDocument(document)]
    updateOne(documents, {}, [...update] as Array<PipelineStage>)
    return { document: documents[0] ?? {}, replacement: false }
  }
  if (!isPlainDocument(update)) {
    throw new CommandError("FailedToParse", "Update argument must be either an object or an array")
  }
  if (!isOperatorUpdate(update)) {
    const { _id } = document
    const replacement = cloneDocument(update)
    return { document: _id === undefined ? replacement : { _id, ...replacement }, replacement: true }
  }
  const { $setOnInsert, ...operators } = update
  for (const field of Object.keys(operators)) {
    if (!field.startsWith("$")) {
      throw new CommandError(
        "FailedToParse",
        `Unknown modifier: ${field}. Expected a valid update modifier or pipeline-style update specified as an array`
      )
    }
  }
  for (const fields of Object.values(operators)) {
    if (isPlainDocument(fields) && Object.keys(fields).some((path) => path === "_id" || path.startsWith("_id."))) {
      throw immutableId()
    }
  }
  const result = cloneDocument(document)
  const filters = Array.isArray(arrayFilters) ? (arrayFilters as Array<Document>) : undefined
  if (inserting && isPlainDocument($setOnInsert)) applyOperators(result, { $set: $setOnInsert })
  applyOperators(result, operators as Modifier<Document>, filters)
  return { document: result, replacement: false }
}

/** The fields a query pins to one value (`{ a: 1 }`, `{ a: { $eq: 1 } }`, inside `$and`). */
const equalityFields = (query: Document): Document => {
  const seed: Document = {}
  const collect = (conditions: Document) => {
    for (const [field, condition] of Object.entries(conditions)) {
      if (field === "$and" && Array.isArray(condition)) {
        for (const part of condition) if (isPlainDocument(part)) collect(part)
      } else if (field.startsWith("$") || condition instanceof RegExp) {
        continue
      } else if (isPlainDocument(condition) && Object.keys(condition).some((key) => key.startsWith("$"))) {
        if ("$eq" in condition) setPath(seed, field, condition["$eq"])
      } else {
        setPath(seed, field, condition)
      }
    }
  }
  collect(query)
  return seed
}

const setPath = (document: Document, path: string, value: unknown): void => {
  const steps = path.split(".")
  const last = steps.pop() ?? path
  let target = document
  for (const step of steps) {
    const next = target[step]
    target = isPlainDocument(next) ? next : (target[step] = {})
  }
  target[last] = value
}
