import { cursorIdOf } from "../Cursors.ts"
import type { CommandHandler } from "./CommandContext.ts"

export const killCursors: CommandHandler = (command, context) => {
  const ids = Array.isArray(command["cursors"]) ? command["cursors"].map(cursorIdOf) : []
  const killed = ids.filter((id) => context.cursors.kill(id))
  // A getMore waiting on a killed change stream must stop waiting.
  context.changes.wake()
  return {
    cursorsKilled: killed.map(BigInt),
    cursorsNotFound: ids.filter((id) => !killed.includes(id)).map(BigInt),
    cursorsAlive: [],
    cursorsUnknown: []
  }
}
