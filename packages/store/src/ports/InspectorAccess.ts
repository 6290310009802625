import { Context, type Effect, type Option } from "effect"
import type { InspectorAccessRecord, InspectorAuditRecord } from "../records.ts"
import type { StoreError } from "../StoreError.ts"

/**
 * Who may use the inspector now, and what was done with it. An access is what the operator's
 * inspector cookie stands for (found by the token's hash, so it can be ended at sign-out); the
 * audit log keeps every sign-in, sign-out and revealed address, and is shown in the inspector.
 */
export class InspectorAccess extends Context.Service<
  InspectorAccess,
  {
    open(access: InspectorAccessRecord): Effect.Effect<void, StoreError>
    findByTokenHash(tokenHash: string): Effect.Effect<Option.Option<InspectorAccessRecord>, StoreError>
    /** Ends an access for good; false when it had already ended or does not exist. */
    end(id: string, at: string): Effect.Effect<boolean, StoreError>
    record(entry: InspectorAuditRecord): Effect.Effect<void, StoreError>
    /** The newest entries first. */
    auditLog(limit: number): Effect.Effect<ReadonlyArray<InspectorAuditRecord>, StoreError>
    /** Deletes audit entries whose `expiresAt`, and accesses whose `expiresAt`, is at or before `now`. */
    expire(now: string): Effect.Effect<number, StoreError>
  }
>()("@verity/store/InspectorAccess") {}
