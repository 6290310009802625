import type { Whoami } from "./sessionContext.ts"
import { useSession } from "./useSession.ts"

/** The live Whoami, for pages behind <RequireSession>, which renders them only while signed in. */
export const useWhoami = (): Whoami => {
  const { session } = useSession()
  if (session.status !== "signedIn") throw new Error("useWhoami is for pages behind <RequireSession>")
  return session.whoami
}
