import { Clock, Effect } from "effect"

/** The current instant as the store keeps it. Read through Effect's Clock so tests can move time. */
export const nowIso: Effect.Effect<string> = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

export const isoPlus = (iso: string, millis: number): string => new Date(Date.parse(iso) + millis).toISOString()
