import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server"
import type { AppRouter } from "@verity/api"

/** Every procedure's input, e.g. `VerityInputs["support"]["contactUs"]`. */
export type VerityInputs = inferRouterInputs<AppRouter>

/** Every procedure's output, e.g. `VerityOutputs["session"]["whoami"]`. */
export type VerityOutputs = inferRouterOutputs<AppRouter>
