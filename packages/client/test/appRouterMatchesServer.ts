import type { TRPCClient } from "@trpc/client"
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server"
import type { AppRouter as ServerAppRouter } from "@verity/api"
import type { AppRouter } from "../src/appRouter.ts"

// Compile-time proof that the client's router type is the server's, as a client sees it:
// `npm run typecheck` fails here if a procedure, an input, an output or the error shape differs.

type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

export const sameInputs: Identical<inferRouterInputs<AppRouter>, inferRouterInputs<ServerAppRouter>> = true
export const sameOutputs: Identical<inferRouterOutputs<AppRouter>, inferRouterOutputs<ServerAppRouter>> = true
export const sameErrorShape: Identical<inferRouterError<AppRouter>, inferRouterError<ServerAppRouter>> = true
export const sameClient: Identical<TRPCClient<AppRouter>, TRPCClient<ServerAppRouter>> = true
