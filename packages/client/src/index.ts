export { createVerityClient, type VerityClient, type VerityClientOptions } from "./createVerityClient.ts"
export type { AppRouter } from "@verity/api"
