/**
 * The inspector's shell: the sign-in page until the operator has signed in, then the pages
 * (sessions, health, audit log, the machine) and sign-out. Read-only throughout: nothing here
 * can send an event to a session or change a user.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { apiFailureOf, useVerity } from "@verity/client/react"
import { useState } from "react"
import { SignInPage } from "../features/access/components/SignInPage.tsx"
import { SignOutButton } from "../features/access/components/SignOutButton.tsx"
import { AuditLogPage } from "../features/audit/components/AuditLogPage.tsx"
import { HealthPanel } from "../features/health/components/HealthPanel.tsx"
import { formatTime } from "../lib/formatTime.ts"
import { MachinePage } from "./MachinePage.tsx"
import { SessionsPage } from "./SessionsPage.tsx"

const pages = { sessions: "Sessions", health: "Health", audit: "Audit log", machine: "Machine" } as const
type Page = keyof typeof pages

export const App = () => {
  const trpc = useVerity()
  const queryClient = useQueryClient()
  const status = useQuery(trpc.inspect.status.queryOptions())
  const [page, setPage] = useState<Page>("sessions")
  // Every answer belonged to the sign-in that ended; the next one starts from nothing.
  const restart = () => void queryClient.resetQueries()
  const signedOut = status.isError && apiFailureOf(status.error)?.reason === "UNAUTHENTICATED"
  return (
    <div className="inspector">
      <header className="inspector__header">
        <h1>Verity inspector</h1>
        {status.data !== undefined && (
          <nav className="inspector__nav" aria-label="Pages">
            {Object.entries(pages).map(([key, label]) => (
              <button
                key={key}
                type="button"
                aria-current={page === key ? "page" : undefined}
                onClick={() => setPage(key as Page)}
              >
                {label}
              </button>
            ))}
            <span className="inspector__who">
              {status.data.instanceId} · until {formatTime(status.data.signedInUntil)}
            </span>
            <SignOutButton onSignedOut={restart} />
          </nav>
        )}
      </header>
      <main className="inspector__main">
        {signedOut && <SignInPage onSignedIn={restart} />}
        {status.isError && !signedOut && <p role="alert">{status.error.message}</p>}
        {status.data !== undefined && page === "sessions" && <SessionsPage onSignedOut={restart} />}
        {status.data !== undefined && page === "health" && <HealthPanel />}
        {status.data !== undefined && page === "audit" && <AuditLogPage />}
        {status.data !== undefined && page === "machine" && <MachinePage />}
      </main>
    </div>
  )
}
