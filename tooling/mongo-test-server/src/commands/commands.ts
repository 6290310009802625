import { CommandError } from "../CommandError.ts"
import { aggregate } from "./aggregate.ts"
import type { CommandHandler } from "./CommandContext.ts"
import { count } from "./count.ts"
import { deleteCommand } from "./deleteCommand.ts"
import { drop, dropDatabase } from "./drop.ts"
import { find } from "./find.ts"
import { findAndModify } from "./findAndModify.ts"
import { getMore } from "./getMore.ts"
import { buildInfo, endSessions, hello, isMaster, ping } from "./handshake.ts"
import { createIndexes, listIndexes } from "./indexes.ts"
import { insert } from "./insert.ts"
import { killCursors } from "./killCursors.ts"
import { abortTransaction, commitTransaction } from "./transactionCommands.ts"
import { update } from "./update.ts"

const configureFailPoint: CommandHandler = (command, context) => {
  if (context.db !== "admin") {
    throw new CommandError("Unauthorized", "configureFailPoint may only be run against the admin database.")
  }
  return context.failPoints.configure(command)
}

/** Every command this server implements, by the name that is the first field of the command. */
export const commands: Readonly<Record<string, CommandHandler>> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping,
  buildInfo,
  endSessions,
  insert,
  find,
  getMore,
  killCursors,
  update,
  delete: deleteCommand,
  findAndModify,
  aggregate,
  count,
  createIndexes,
  listIndexes,
  drop,
  dropDatabase,
  commitTransaction,
  abortTransaction,
  configureFailPoint
}
