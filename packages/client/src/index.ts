export { createVerityClient, type VerityClient, type VerityClientOptions } from "./createVerityClient.ts"
export { makeVersionMemory, type VersionMemory } from "./causalConsistency.ts"
export type { AppRouter } from "@verity/api"
