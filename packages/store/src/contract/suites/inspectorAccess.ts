import { describe, expect } from "@effect/vitest"
import { Effect, Option } from "effect"
import { InspectorAccess } from "../../ports/InspectorAccess.ts"
import type { InspectorAccessRecord, InspectorAuditRecord } from "../../records.ts"
import { at } from "../fixtures.ts"
import type { StoreContractHarness } from "../storeContract.ts"

const access = (id: string, fields: Partial<InspectorAccessRecord> = {}): InspectorAccessRecord => ({
  id,
  tokenHash: `inspector-token-hash-${id}`,
  createdAt: at(1),
  expiresAt: at(31),
  endedAt: null,
  ip: "192.0.2.7",
  userAgent: "Mozilla/5.0",
  ...fields
})

const entry = (id: string, minutes: number, fields: Partial<InspectorAuditRecord> = {}): InspectorAuditRecord => ({
  id,
  at: at(minutes),
  action: "signedIn",
  accessId: "a1",
  ip: "192.0.2.7",
  userAgent: "Mozilla/5.0",
  subjectUserId: null,
  expiresAt: at(minutes + 60 * 24 * 30),
  ...fields
})

export const inspectorAccessSuite = ({ storeTest }: StoreContractHarness): void => {
  describe("InspectorAccess", () => {
    storeTest(
      "an opened access is found by its token hash, as written",
      Effect.gen(function* () {
        const accesses = yield* InspectorAccess
        yield* accesses.open(access("a1"))
        expect(yield* accesses.findByTokenHash("inspector-token-hash-a1")).toEqual(Option.some(access("a1")))
        expect(yield* accesses.findByTokenHash("unknown")).toEqual(Option.none())
      })
    )

    storeTest(
      "ending an access is final: the second end answers false and keeps the first time",
      Effect.gen(function* () {
        const accesses = yield* InspectorAccess
        yield* accesses.open(access("a1"))
        expect(yield* accesses.end("a1", at(5))).toBe(true)
        expect(yield* accesses.end("a1", at(9))).toBe(false)
        expect(yield* accesses.findByTokenHash("inspector-token-hash-a1")).toEqual(
          Option.some(access("a1", { endedAt: at(5) }))
        )
        expect(yield* accesses.end("unknown", at(5))).toBe(false)
      })
    )

    storeTest(
      "the audit log answers the newest entries first, up to the limit",
      Effect.gen(function* () {
        const accesses = yield* InspectorAccess
        const signedIn = entry("e1", 1)
        const revealed = entry("e2", 2, { action: "emailRevealed", subjectUserId: "u1" })
        const signedOut = entry("e3", 3, { action: "signedOut" })
        for (const written of [revealed, signedOut, signedIn]) yield* accesses.record(written)
        expect(yield* accesses.auditLog(10)).toEqual([signedOut, revealed, signedIn])
        expect(yield* accesses.auditLog(1)).toEqual([signedOut])
      })
    )

    storeTest(
      "expire deletes accesses and entries past their time, and answers how many",
      Effect.gen(function* () {
        const accesses = yield* InspectorAccess
        yield* accesses.open(access("a1", { expiresAt: at(10) }))
        yield* accesses.open(access("a2", { expiresAt: at(40) }))
        yield* accesses.record(entry("e1", 1, { expiresAt: at(10) }))
        yield* accesses.record(entry("e2", 2, { expiresAt: at(40) }))
        expect(yield* accesses.expire(at(10))).toBe(2)
        expect(yield* accesses.findByTokenHash("inspector-token-hash-a1")).toEqual(Option.none())
        expect(Option.isSome(yield* accesses.findByTokenHash("inspector-token-hash-a2"))).toBe(true)
        expect((yield* accesses.auditLog(10)).map((kept) => kept.id)).toEqual(["e2"])
      })
    )
  })
}
