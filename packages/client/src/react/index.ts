export { type ApiFailure, apiFailureOf, type ErrorReason, type RevokedReason } from "../apiFailure.ts"
export type { SessionView, VerityInputs, VerityOutputs, Whoami } from "../routerTypes.ts"
export { createVerityBrowserClient, type VerityBrowserClientOptions } from "./createVerityBrowserClient.ts"
export { useSubscription, useVerity, useVerityClient, VerityQueryProvider } from "./verityQuery.ts"
