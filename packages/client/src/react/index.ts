export { type ApiFailure, apiFailureOf, type ErrorReason } from "./apiFailure.ts"
export { createVerityBrowserClient, type VerityBrowserClientOptions } from "./createVerityBrowserClient.ts"
export type { VerityInputs, VerityOutputs } from "./routerTypes.ts"
export { useSubscription, useVerity, useVerityClient, VerityQueryProvider } from "./verityQuery.ts"
