// A Node program (a script, a worker, a CLI) acting as a Verity user: it asks for a session
// token instead of a cookie and sends it as a bearer token.
import { apiFailureOf, createVerityClient, type Whoami } from "@verity/client"

export const signUpProgram = async (verityUrl: string, email: string, password: string): Promise<Whoami> => {
  const anonymous = createVerityClient({ url: verityUrl })
  const { sessionToken } = await anonymous.auth.signUp.mutate({ email, password, transport: "token" })
  // Only `transport: "token"` answers a token (browsers get an HttpOnly cookie instead).
  if (sessionToken === undefined) throw new Error("Verity answered no sessionToken")

  const api = createVerityClient({ url: verityUrl, token: sessionToken })
  return api.session.whoami.query()
}

/** Every failure carries a typed `reason`; `null` means Verity did not answer at all. */
export const describeWhoamiFailure = async (verityUrl: string, token: string): Promise<string> => {
  try {
    const whoami = await createVerityClient({ url: verityUrl, token }).session.whoami.query()
    return `signed in as ${whoami.user.email}`
  } catch (error) {
    const failure = apiFailureOf(error)
    if (failure === null) return "Verity is unreachable"
    if (failure.reason === "SESSION_REVOKED") return `session ended: ${failure.revokedReason}`
    return `${failure.reason} (${failure.httpStatus}): ${failure.message}`
  }
}
