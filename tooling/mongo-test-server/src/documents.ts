import { deserialize, type Document, EJSON, serialize } from "bson"

/** A deep copy that keeps BSON types (structuredClone would turn an ObjectId into a plain object). */
export const cloneDocument = (document: Document): Document => deserialize(serialize(document))

/** MongoDB's equality for whole values: same BSON encoding (so field order counts, as it does there). */
export const sameValue = (a: unknown, b: unknown): boolean =>
  Buffer.compare(serialize({ value: a }), serialize({ value: b })) === 0

/** A string equal for equal index keys; integers and doubles are both JS numbers once decoded. */
export const keyString = (value: unknown): string => EJSON.stringify({ value }, { relaxed: false })

/** A string equal for documents with equal `_id`s: what collections and transactions key documents by. */
export const idKeyOf = (document: Document): string => keyString(document["_id"])

/** An embedded document, as opposed to an array or a BSON value such as an ObjectId or a Date. */
export const isPlainDocument = (value: unknown): value is Document =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype

/** The value at a dotted path, undefined when any step is missing. */
export const valueAtPath = (document: Document, path: string): unknown => {
  let value: unknown = document
  for (const step of path.split(".")) {
    if (isPlainDocument(value) || Array.isArray(value)) {
      value = (value as Record<string, unknown>)[step]
    } else {
      return undefined
    }
  }
  return value
}

/** How MongoDB prints a key in a duplicate key message: `{ email: "ada@example.com" }`. */
export const formatKey = (key: Document): string =>
  `{ ${Object.entries(key)
    .map(
      ([field, value]) =>
        `${field}: ${
          typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null
            ? JSON.stringify(value)
            : EJSON.stringify(value, { relaxed: true })
        }`
    )
    .join(", ")} }`
