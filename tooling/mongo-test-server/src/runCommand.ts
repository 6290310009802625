import type { Document } from "bson"
import { asCommandError, CommandError } from "./CommandError.ts"
import type { CommandContext } from "./commands/CommandContext.ts"
import { commands } from "./commands/commands.ts"

/** The command's answer, or the instruction to drop the connection (a `closeConnection` fail point). */
export type Outcome = { readonly reply: Document } | { readonly closeConnection: true }

/**
 * Runs one command. Fields the driver adds that this server has no use for (`lsid`,
 * `txnNumber`, `$clusterTime`, `$readPreference`, `readConcern`, `writeConcern`, `apiVersion`)
 * are ignored: there is one node, writes are applied before the reply, and sessions hold nothing.
 */
export const runCommand = async (command: Document, context: Omit<CommandContext, "db">): Promise<Outcome> => {
  const name = Object.keys(command)[0] ?? ""
  const db = typeof command["$db"] === "string" ? command["$db"] : "admin"
  const failure = name === "configureFailPoint" ? undefined : context.failPoints.take(name)
  if (failure?.kind === "closeConnection") return { closeConnection: true }
  if (failure?.kind === "error") return { reply: { ...failure.reply, ...context.clock.gossip() } }
  try {
    const handler = Object.hasOwn(commands, name) ? commands[name] : undefined
    if (handler === undefined) throw new CommandError("CommandNotFound", `no such command: '${name}'`)
    if ("startTransaction" in command || "autocommit" in command) {
      throw new CommandError("CommandNotSupported", "Transactions are not supported by this test double")
    }
    const reply = await handler(command, { ...context, db })
    return { reply: { ...reply, ok: 1, ...context.clock.gossip() } }
  } catch (error) {
    return { reply: { ...asCommandError(error).toReply(), ...context.clock.gossip() } }
  }
}
