import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server"
import type { AppRouter } from "./appRouter.ts"

/** Every procedure's input, e.g. `VerityInputs["support"]["contactUs"]`. */
export type VerityInputs = inferRouterInputs<AppRouter>

/** Every procedure's output, e.g. `VerityOutputs["session"]["whoami"]`. */
export type VerityOutputs = inferRouterOutputs<AppRouter>

/** The account and session as they are now (`session.whoami`). */
export type Whoami = VerityOutputs["session"]["whoami"]

/** One of the user's sessions, as `session.list` shows it. */
export type SessionView = VerityOutputs["session"]["list"][number]
