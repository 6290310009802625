import { Schema } from "effect"

/** The store could not do what was asked (I/O, a closed database, a broken connection). */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `Store operation ${this.operation} failed`
  }
}
