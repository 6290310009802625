import type { AnyTRPCRouter } from "@trpc/server"
import type { AppRouter as ServerAppRouter } from "@verity/api"
import type { ContractRouter } from "./router/ContractRouter.ts"
import type { RouterContract } from "./router/RouterContract.ts"

// The API's router type as the client sees it, derived from the server's `typeof appRouter` on
// every build, so it cannot drift from it. A type alias is written into the declaration files
// as it is spelt, which would name `@verity/api`; the resolved type of an inferred value is
// written out in full. So the contract is the inferred type of `verityContract`, and the built
// package's types need nothing but `@trpc/server`.
//
// This module holds types only and is imported with `import type` (verbatimModuleSyntax
// enforces it), so its one line of code never runs: `contractOf` exists only for the compiler.

declare function contractOf<Router extends AnyTRPCRouter>(): RouterContract<Router>

const verityContract = contractOf<ServerAppRouter>()

/** Every procedure of the Verity API with its input, output and error shape; no server context. */
export type AppRouter = ContractRouter<typeof verityContract>
