import { accountRouter } from "./routers/accountRouter.ts"
import { adminRouter } from "./routers/adminRouter.ts"
import { authRouter } from "./routers/authRouter.ts"
import { devRouter } from "./routers/devRouter.ts"
import { inspectRouter } from "./routers/inspectRouter.ts"
import { recoveryRouter } from "./routers/recoveryRouter.ts"
import { sessionRouter } from "./routers/sessionRouter.ts"
import { supportRouter } from "./routers/supportRouter.ts"
import { router } from "./trpc.ts"

export const appRouter = router({
  auth: authRouter,
  session: sessionRouter,
  account: accountRouter,
  support: supportRouter,
  recovery: recoveryRouter,
  admin: adminRouter,
  dev: devRouter,
  inspect: inspectRouter
})

/** The whole API's type; `@verity/client` imports only this. */
export type AppRouter = typeof appRouter
