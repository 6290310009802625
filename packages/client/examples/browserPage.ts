// A web page without React. The session is the HttpOnly cookie: the page never sees a token.
// The page and /trpc share one origin: Verity serves the page (WEB_DIST_DIR), or a proxy puts
// Verity's /trpc on the page's origin. Verity sends no CORS headers.
import { apiFailureOf, createVerityBrowserClient, type Whoami } from "@verity/client"

export const api = createVerityBrowserClient({ url: window.location.origin })

export const signUp = async (email: string, password: string): Promise<Whoami> => {
  const { whoami } = await api.auth.signUp.mutate({ email, password })
  return whoami
}

/** Calls `show` with the account now and again after every change, until the session ends. */
export const followSession = (show: (whoami: Whoami) => void, ended: (reason: string) => void) =>
  api.session.changes.subscribe(undefined, {
    onData: (event) => show(event.data),
    onError: (error) => ended(apiFailureOf(error)?.revokedReason ?? apiFailureOf(error)?.reason ?? "unreachable")
  })
