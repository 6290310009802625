/** Finds a user by any spelling of their email address, or by id. */
import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { type FormEvent, useEffect, useState } from "react"

export const UserSearch = ({ onFound }: { readonly onFound: (userId: string) => void }) => {
  const trpc = useVerity()
  const [typed, setTyped] = useState("")
  const [query, setQuery] = useState<string | null>(null)
  const found = useQuery({ ...trpc.inspect.findUser.queryOptions({ query: query ?? "" }), enabled: query !== null })
  const user = found.data?.user
  useEffect(() => {
    if (user !== undefined && user !== null) onFound(user.id)
  }, [user, onFound])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setQuery(typed.trim())
  }
  return (
    <form className="user-search" role="search" onSubmit={submit}>
      <label>
        Email address or user id
        <input type="search" value={typed} onChange={(event) => setTyped(event.target.value)} required />
      </label>
      <button type="submit">Find</button>
      {found.data?.user === null && <p role="status">No user has that address or id.</p>}
      {found.isError && <p role="alert">{found.error.message}</p>}
    </form>
  )
}
