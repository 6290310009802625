import type { SnapshotFrom } from "xstate"
import type { sessionMachine } from "./sessionMachine.ts"

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>
