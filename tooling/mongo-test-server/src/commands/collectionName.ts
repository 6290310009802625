import type { Document } from "bson"
import { CommandError } from "../CommandError.ts"

/** The collection a command names in its first field (`{ find: "users", ... }`). */
export const collectionName = (command: Document, commandName: string): string => {
  const name = command[commandName]
  if (typeof name !== "string") {
    throw new CommandError("InvalidNamespace", `collection name has invalid type ${typeof name}`)
  }
  return name
}
