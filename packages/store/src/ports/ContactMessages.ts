import { Context, type Effect, type Option } from "effect"
import type { ContactMessageRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

export class ContactMessages extends Context.Service<
  ContactMessages,
  {
    create(message: ContactMessageRecord): Effect.Effect<void, StoreError>
    findById(id: string): Effect.Effect<Option.Option<ContactMessageRecord>, StoreError>
    /** Newest first, for operators (`admin.contactMessages`). */
    recent(limit: number): Effect.Effect<ReadonlyArray<ContactMessageRecord>, StoreError>
  }
>()("@verity/store/ContactMessages") {}
