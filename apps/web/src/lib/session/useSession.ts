import { use } from "react"
import { SessionContext, type SessionContextValue } from "./sessionContext.ts"

export const useSession = (): SessionContextValue => {
  const value = use(SessionContext)
  if (value === null) throw new Error("useSession needs a <SessionProvider> above it")
  return value
}
