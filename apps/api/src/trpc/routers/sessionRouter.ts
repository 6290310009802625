import { whoamiOf } from "../../sessions/whoami.ts"
import { router, sessionProcedure } from "../trpc.ts"

export const sessionRouter = router({
  /** Answered from the live actor's state: no store read, never stale. */
  whoami: sessionProcedure.query(({ ctx }) => whoamiOf(ctx.session.snapshot))
})
