/**
 * Saves a session's trail as XState inspection events (`@xstate.actor`, `@xstate.event`,
 * `@xstate.snapshot`), the JSON other XState tooling loads. Made in the page from the API's
 * answer, so the file is never a URL anyone could open again.
 */
import { useVerityClient } from "@verity/client/react"
import { useState } from "react"

export const ExportButton = ({ sessionId }: { readonly sessionId: string }) => {
  const client = useVerityClient()
  const [failure, setFailure] = useState<string | null>(null)
  const save = async () => {
    setFailure(null)
    try {
      const exported = await client.inspect.exportTrail.query({ sessionId })
      const file = new Blob([JSON.stringify(exported.events, null, 2)], { type: "application/json" })
      const link = document.createElement("a")
      const href = URL.createObjectURL(file)
      link.href = href
      link.download = exported.fileName
      link.click()
      // Freed once the browser has had time to start saving it (revoking at once may cancel it).
      setTimeout(() => URL.revokeObjectURL(href), 10_000)
    } catch (error) {
      setFailure(error instanceof Error ? error.message : "The export failed.")
    }
  }
  return (
    <span className="export">
      <button type="button" onClick={() => void save()}>
        Export trail (XState inspection events)
      </button>
      {failure !== null && <span role="alert"> {failure}</span>}
    </span>
  )
}
