import type { DomainError, Whoami } from "@verity/domain"
import type { StoreError } from "@verity/store"
import { Duration, Effect } from "effect"
import { AccountService, type Credentials, type SignedIn } from "../../accounts/AccountService.ts"
import type { ClientInfo } from "../../sessions/SessionManager.ts"
import { EmailVerification } from "../../accounts/EmailVerification.ts"
import { PasswordReset } from "../../accounts/PasswordReset.ts"
import { whoamiOf } from "../../sessions/whoami.ts"
import { CredentialsInput, RequestPasswordResetInput, ResetPasswordInput, VerifyEmailInput } from "../inputs.ts"
import type { RequestContext } from "../RequestContext.ts"
import { optionalSessionProcedure, publicProcedure, router, sessionProcedure } from "../trpc.ts"

/**
 * Browsers get the token in an HttpOnly cookie and never see it; other clients ask for
 * `transport: "token"` and send it back as a bearer token.
 */
/** The contract's answer to signUp and signIn; spelt out, since it is what other apps compile against. */
type SessionOpened = { whoami: Whoami; sessionToken?: string }

const deliverSession =
  (ctx: RequestContext, transport: "cookie" | "token" | undefined) =>
  ({ token, session, deviceTokens }: SignedIn): SessionOpened => {
    const whoami = whoamiOf(session.snapshot)
    if (transport !== "token") ctx.sessionCookie.set(token, Math.floor(Duration.toSeconds(ctx.config.sessionLifetime)))
    ctx.rememberDevice(deviceTokens)
    return transport === "token" ? { whoami, sessionToken: token } : { whoami }
  }

/** Sign-up and sign-in take the same input and answer the same way: a new session, delivered. */
const opensSession = (
  open: (
    accounts: AccountService["Service"],
    credentials: Credentials,
    client: ClientInfo,
    deviceTokens: ReadonlyArray<string>
  ) => Effect.Effect<SignedIn, DomainError | StoreError>
) =>
  publicProcedure
    .input(CredentialsInput)
    .mutation(({ ctx, input }): Promise<SessionOpened> =>
      ctx.run(
        AccountService.use((accounts) => open(accounts, input, ctx.client, ctx.deviceTokens)).pipe(
          Effect.map(deliverSession(ctx, input.transport))
        )
      )
    )

export const authRouter = router({
  signUp: opensSession((accounts, credentials, client, deviceTokens) =>
    accounts.signUp(credentials, client, deviceTokens)
  ),

  signIn: opensSession((accounts, credentials, client, deviceTokens) =>
    accounts.signIn(credentials, client, deviceTokens)
  ),

  signOut: sessionProcedure.mutation(async ({ ctx }) => {
    await ctx.run(AccountService.use((accounts) => accounts.signOut(ctx.session)))
    ctx.sessionCookie.clear()
    return { ok: true as const }
  }),

  /** The emailed link needs no session (it may be opened on another device); the code does. */
  verifyEmail: optionalSessionProcedure.input(VerifyEmailInput).mutation(async ({ ctx, input }) => {
    const { token, code } = input
    if (token !== undefined) {
      await ctx.run(EmailVerification.use((verification) => verification.confirmWithLink(token)))
    } else if (code !== undefined) {
      const { optional } = ctx
      await ctx.run(
        optional.session === null
          ? Effect.fail(optional.noSession)
          : EmailVerification.use((verification) => verification.confirmWithCode(optional.session.userId, code))
      )
    }
    return { ok: true as const }
  }),

  resendVerification: sessionProcedure.mutation(({ ctx }) =>
    ctx.run(EmailVerification.use((verification) => verification.resend(ctx.session.userId)))
  ),

  /** Where the latest verification email went and how long until another may be sent (0: now). */
  verificationStatus: sessionProcedure.query(({ ctx }) =>
    ctx.run(EmailVerification.use((verification) => verification.status(ctx.session.userId)))
  ),

  /** The same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure.input(RequestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await ctx.run(PasswordReset.use((reset) => reset.request(input.email, ctx.client)))
    return { ok: true as const }
  }),

  /** Sets the new password and ends every session of the user; the device is trusted from then on. */
  resetPassword: publicProcedure.input(ResetPasswordInput).mutation(async ({ ctx, input }) => {
    const deviceTokens = await ctx.run(
      PasswordReset.use((reset) => reset.reset(input.token, input.newPassword, ctx.client, ctx.deviceTokens))
    )
    ctx.rememberDevice(deviceTokens)
    return { ok: true as const }
  })
})
