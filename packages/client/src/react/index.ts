// The React entry: TanStack Query bindings, plus what a React app needs with them, so it can
// import everything from one place.
export { type ApiFailure, apiFailureOf, type ErrorReason, type RevokedReason } from "../apiFailure.ts"
export { makeVersionMemory, type VersionMemory } from "../causalConsistency.ts"
export { createVerityBrowserClient, type VerityBrowserClientOptions } from "../createVerityBrowserClient.ts"
export type { SessionView, VerityInputs, VerityOutputs, Whoami } from "../routerTypes.ts"
export { useSubscription, useVerity, useVerityClient, VerityQueryProvider } from "./verityQuery.ts"
