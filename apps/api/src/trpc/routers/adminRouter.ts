import { Effect } from "effect"
import { SessionManager } from "../../sessions/SessionManager.ts"
import { adminProcedure, router } from "../trpc.ts"

export const adminRouter = router({
  /** Frees the memory of every session actor; sessions stay valid and are rebuilt on their next request. */
  evictSessionActors: adminProcedure.mutation(({ ctx }) =>
    ctx.run(SessionManager.use((manager) => Effect.map(manager.evictAll, (evicted) => ({ evicted }))))
  )
})
