import type { HttpHeadline } from "../http/httpSection.ts"
import type { WritesHeadline } from "../disk/writeBurstSection.ts"
import type { MillionOutcome } from "../scale/millionSection.ts"
import type { Summary } from "./stats.ts"
import { bytes, fixed, ms, percent, ratio, us } from "./format.ts"
import type { Table } from "./table.ts"

export type Headlines = {
  readonly http: HttpHeadline
  readonly lastSeen: {
    readonly batchedUtilisation: number
    readonly perSessionUtilisation: number
    /** Batched, with the session trail recording (the default); the other two have it off. */
    readonly batchedWithTrailUtilisation: number
    readonly sessions: number
  }
  readonly writes: WritesHeadline
  readonly fanOut: Summary
  /** Other live sessions around the fan-out, and live sessions in the memory rows. */
  readonly others: number
  readonly memory: { readonly openedBytes: number; readonly rebuiltBytes: number; readonly count: number }
  readonly startupRatio: number
  readonly propagationP99Ms: { readonly trailOff: number; readonly trailOn: number }
  readonly million: MillionOutcome | undefined
}

const met = (ok: boolean) => (ok ? "met" : "missed")
const times = (value: number) => `${fixed(value, 2)}×`

/** Every target of the performance issue in one table: the figure, the target, and whether it is met. */
export const summaryTable = (h: Headlines): Table => ({
  title: "Targets (issue 13), from this run",
  columns: ["#", "what", "measured", "target", ""],
  rows: [
    ["1", "whoami req/s vs bare node:http (same bytes)", times(h.http.vsBare), "≥ 0.35×", met(h.http.vsBare >= 0.35)],
    ["1", "whoami req/s vs store-read baseline", times(h.http.vsStoreRead), "≥ 2.5×", met(h.http.vsStoreRead >= 2.5)],
    ["1", "whoami p99 (50 connections, saturated)", `${h.http.p99Ms} ms`, "reported", ""],
    ["2", "createSessionCheck req/s vs bare node:http", times(h.http.sessionCheckVsBare), "measured", ""],
    ["2", "createSessionCheck p99", `${h.http.sessionCheckP99Ms} ms`, "reported", ""],
    [
      "3",
      `event-loop utilisation, lastSeenAt batched (${h.lastSeen.sessions.toLocaleString("en-US")} sessions, 1 req/min each; trail off / on)`,
      `${percent(h.lastSeen.batchedUtilisation, 1)} / ${percent(h.lastSeen.batchedWithTrailUtilisation, 1)}`,
      `below one commit per write (${percent(h.lastSeen.perSessionUtilisation, 1)})`,
      met(h.lastSeen.batchedUtilisation < h.lastSeen.perSessionUtilisation)
    ],
    [
      "4",
      "event-loop delay p99, 200 writes/s on disk",
      ms(h.writes.writesOnlyP99Ms),
      "≤ 5 ms",
      met(h.writes.writesOnlyP99Ms <= 5)
    ],
    [
      "4",
      "whoami p99 at a steady rate, with / without the writes",
      `${ms(h.writes.whoamiWithWritesP99Ms)} / ${ms(h.writes.whoamiAloneP99Ms)}`,
      "unchanged",
      ratio(h.writes.whoamiWithWritesP99Ms, h.writes.whoamiAloneP99Ms)
    ],
    [
      "5",
      `fan-out p50, 1,000 sessions among ${h.others.toLocaleString("en-US")}`,
      ms(h.fanOut.p50),
      "≤ 5 ms",
      met(h.fanOut.p50 <= 5)
    ],
    ["5", "fan-out p99", ms(h.fanOut.p99), "reported", ""],
    [
      "6",
      "heap per live session at 100,000 (opened)",
      bytes(h.memory.openedBytes),
      "≤ 1 KiB",
      met(h.memory.openedBytes <= 1024)
    ],
    [
      "6",
      "heap per live session at 100,000 (rebuilt)",
      bytes(h.memory.rebuiltBytes),
      "≤ 1 KiB",
      met(h.memory.rebuiltBytes <= 1024)
    ],
    ["6", "start-up, first answer: many sessions stored vs 10", times(h.startupRatio), "constant (≈ 1×)", ""],
    ...(h.million === undefined
      ? [["6", "1,000,000 live sessions", "not run", "npm run bench -- --million", ""]]
      : [
          [
            "6",
            `heap per session at ${h.million.live.toLocaleString("en-US")}`,
            bytes(h.million.heapBytesPerSession),
            "≤ 1 KiB",
            met(h.million.heapBytesPerSession <= 1024)
          ],
          [
            "6",
            `fan-out p50 / p99 at ${h.million.live.toLocaleString("en-US")}`,
            `${ms(h.million.fanOut.p50)} / ${ms(h.million.fanOut.p99)}`,
            "as at 100,000",
            ""
          ],
          [
            "6",
            `live whoami p50 / p99 at ${h.million.live.toLocaleString("en-US")} (in process)`,
            `${us(h.million.whoami.p50)} / ${us(h.million.whoami.p99)}`,
            "as at 100,000",
            ""
          ]
        ]),
    [
      "7",
      "cross-instance propagation p99 (MongoDB test double), session trail off / on",
      `${ms(h.propagationP99Ms.trailOff)} / ${ms(h.propagationP99Ms.trailOn)}`,
      "as before (4.5 ms)",
      ""
    ]
  ],
  notes: ["Each figure comes from the section of the same name below; ratios are taken within this run."]
})
