/** The audit log of inspector use, newest first: who signed in and out, and which addresses were revealed. */
import { useQuery } from "@tanstack/react-query"
import { useVerity } from "@verity/client/react"
import { formatTime } from "../../../lib/formatTime.ts"

const actions = {
  signedIn: "signed in",
  signedOut: "signed out",
  emailRevealed: "revealed an email address"
} as const

export const AuditLogPage = () => {
  const trpc = useVerity()
  const log = useQuery(trpc.inspect.auditLog.queryOptions())
  return (
    <section className="audit" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {log.isError && <p role="alert">{log.error.message}</p>}
      {log.data !== undefined && (
        <table aria-label="Inspector use">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">User</th>
              <th scope="col">Sign-in</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((entry) => (
              <tr key={entry.id} data-action={entry.action}>
                <td>{formatTime(entry.at)}</td>
                <td>{actions[entry.action]}</td>
                <td>{entry.subjectUserId ?? "–"}</td>
                <td>{entry.accessId.slice(0, 8)}</td>
                <td>
                  {entry.ip ?? "–"} <small>{entry.userAgent ?? ""}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
