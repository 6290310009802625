import { describe, expect, it } from "vitest"
import { histogramQuantileMs } from "./healthFigures.ts"

describe("histogramQuantileMs", () => {
  const buckets = [
    { le: 0.001, count: 50 },
    { le: 0.01, count: 90 },
    { le: 0.1, count: 100 }
  ]

  it("interpolates within the bucket the rank falls in, as Prometheus does", () => {
    expect(histogramQuantileMs({ count: 100, sumSeconds: 0, buckets }, 0.5)).toBeCloseTo(1)
    expect(histogramQuantileMs({ count: 100, sumSeconds: 0, buckets }, 0.7)).toBeCloseTo(5.5)
    expect(histogramQuantileMs({ count: 100, sumSeconds: 0, buckets }, 0.99)).toBeCloseTo(91)
  })

  it("answers null before anything was measured, and past the last bucket", () => {
    expect(histogramQuantileMs({ count: 0, sumSeconds: 0, buckets: [] }, 0.5)).toBeNull()
    expect(histogramQuantileMs({ count: 120, sumSeconds: 0, buckets }, 0.99)).toBeNull()
  })
})
