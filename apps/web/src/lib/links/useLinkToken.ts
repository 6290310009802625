import { useEffect, useState } from "react"
import { useLocation, useNavigate } from "react-router"

/**
 * The `?token=` of an emailed link this page was opened with, read once; then the address bar
 * forgets it (a replacing navigation, `history.replaceState`), so the token stays out of the
 * history, of bookmarks, of a screen someone else sees, and of links copied from the page.
 * Answers "" when the link carried none.
 */
export const useLinkToken = (): string => {
  const location = useLocation()
  const navigate = useNavigate()
  const [token] = useState(() => new URLSearchParams(location.search).get("token") ?? "")
  useEffect(() => {
    const search = new URLSearchParams(location.search)
    if (!search.has("token")) return
    search.delete("token")
    const rest = search.toString()
    void navigate(
      { pathname: location.pathname, search: rest === "" ? "" : `?${rest}`, hash: location.hash },
      { replace: true, state: location.state }
    )
  }, [location, navigate])
  return token
}
