import { maxBatchSize } from "@verity/api/server"
import { describe, expect, it } from "vitest"
import { maxBatchItems } from "../src/batching.ts"

describe("batching", () => {
  it("never sends a batch larger than the API accepts", () => {
    expect(maxBatchItems).toBe(maxBatchSize)
  })
})
