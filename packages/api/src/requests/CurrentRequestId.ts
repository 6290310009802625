import { Context } from "effect"

/**
 * The id of the HTTP request a program runs for (Fastify's request id), or null outside one (a
 * background worker, the change feed). Every program a procedure runs has it, so log lines and
 * recorded session steps can say which request they belong to.
 */
export const CurrentRequestId = Context.Reference<string | null>("@verity/api/CurrentRequestId", {
  defaultValue: () => null
})
