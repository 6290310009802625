import type { SQLOutputValue } from "node:sqlite"
import { Option } from "effect"

type Row = Record<string, SQLOutputValue>

// Every row's `doc` was written by this adapter from a typed record, so it is read back
// without re-validation (these reads are on the API's hot paths).

export const readDocument = <A>(row: Row | undefined): Option.Option<A> =>
  row === undefined ? Option.none() : Option.some(JSON.parse(row["doc"] as string) as A)

export const readDocuments = <A>(rows: ReadonlyArray<Row>): ReadonlyArray<A> =>
  rows.map((row) => JSON.parse(row["doc"] as string) as A)
