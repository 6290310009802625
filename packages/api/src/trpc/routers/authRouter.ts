import { Unauthenticated, type Whoami } from "@verity/domain"
import { Duration, Effect } from "effect"
import { AccountService, type SignedIn } from "../../accounts/AccountService.ts"
import { EmailVerification } from "../../accounts/EmailVerification.ts"
import { PasswordReset } from "../../accounts/PasswordReset.ts"
import { AppConfig } from "../../config/AppConfig.ts"
import { SessionManager } from "../../sessions/SessionManager.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { CredentialsInput, RequestPasswordResetInput, ResetPasswordInput, VerifyEmailInput } from "../inputs.ts"
import type { RequestContext } from "../RequestContext.ts"
import { publicProcedure, router, sessionProcedure } from "../trpc.ts"

/**
 * Browsers get the token in an HttpOnly cookie and never see it; other clients ask for
 * `transport: "token"` and send it back as a bearer token.
 */
const deliverSession =
  (ctx: RequestContext, transport: "cookie" | "token" | undefined) =>
  ({ token, session }: SignedIn): Effect.Effect<{ whoami: Whoami; sessionToken?: string }, never, AppConfig> =>
    Effect.gen(function* () {
      const whoami = whoamiOf(session.snapshot)
      if (transport === "token") return { whoami, sessionToken: token }
      const config = yield* AppConfig
      ctx.sessionCookie.set(token, Math.floor(Duration.toSeconds(config.sessionLifetime)))
      return { whoami }
    })

export const authRouter = router({
  signUp: publicProcedure
    .input(CredentialsInput)
    .mutation(({ ctx, input }) =>
      ctx.run(
        AccountService.use((accounts) => accounts.signUp(input, ctx.client)).pipe(
          Effect.flatMap(deliverSession(ctx, input.transport))
        )
      )
    ),

  signIn: publicProcedure
    .input(CredentialsInput)
    .mutation(({ ctx, input }) =>
      ctx.run(
        AccountService.use((accounts) => accounts.signIn(input, ctx.client)).pipe(
          Effect.flatMap(deliverSession(ctx, input.transport))
        )
      )
    ),

  signOut: sessionProcedure.mutation(async ({ ctx }) => {
    await ctx.run(AccountService.use((accounts) => accounts.signOut(ctx.session)))
    ctx.sessionCookie.clear()
    return { ok: true as const }
  }),

  /** The emailed link needs no session (it may be opened on another device); the code does. */
  verifyEmail: publicProcedure.input(VerifyEmailInput).mutation(async ({ ctx, input }) => {
    if ("token" in input) {
      await ctx.run(EmailVerification.use((verification) => verification.confirmWithLink(input.token)))
      return { ok: true as const }
    }
    const token = ctx.token
    await ctx.run(
      Effect.gen(function* () {
        const manager = yield* SessionManager
        const verification = yield* EmailVerification
        if (token === null) return yield* new Unauthenticated()
        const session = yield* manager.authenticate(token)
        yield* verification.confirmWithCode(session.userId, input.code)
      })
    )
    return { ok: true as const }
  }),

  resendVerification: sessionProcedure.mutation(({ ctx }) =>
    ctx.run(EmailVerification.use((verification) => verification.resend(ctx.session.userId)))
  ),

  /** The same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(RequestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await ctx.run(PasswordReset.use((reset) => reset.request(input.email, ctx.client)))
    return { ok: true as const }
  }),

  /** Sets the new password and ends every session of the user. */
  resetPassword: publicProcedure.input(ResetPasswordInput).mutation(async ({ ctx, input }) => {
    await ctx.run(PasswordReset.use((reset) => reset.reset(input.token, input.newPassword)))
    return { ok: true as const }
  })
})
