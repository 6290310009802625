import type { ReactNode } from "react"
import { Link, NavLink } from "react-router"
import { EmailStatus } from "../components/EmailStatus.tsx"
import { DevMailboxLink } from "../features/devMailbox/components/DevMailboxLink.tsx"
import { SignOutButton } from "../features/session/components/SignOutButton.tsx"
import { hasConfirmedEmail } from "../lib/session/sessionGates.ts"
import { useSession } from "../lib/session/useSession.ts"

/** The frame of every page; it brings the sign-out button and the dev mailbox link from their features. */
export const Layout = ({ children }: { readonly children: ReactNode }) => {
  const { session } = useSession()
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__bar">
          <Link className="brand" to="/">
            <img src="/favicon.svg" alt="" width="24" height="24" />
            Verity
          </Link>
          {session.status === "signedIn" && (
            <p className="account-chip">
              <span className="visually-hidden">Signed in as </span>
              <span className="account-chip__email">{session.whoami.user.email}</span>
              <EmailStatus confirmed={hasConfirmedEmail(session.whoami)} />
            </p>
          )}
        </div>
        <nav className="site-nav" aria-label="Main">
          {session.status === "signedIn" ? (
            <ul>
              <li>
                <NavLink to="/account">Account</NavLink>
              </li>
              <li>
                <NavLink to="/contact">Contact</NavLink>
              </li>
              <li>
                <NavLink to="/sessions">Sessions</NavLink>
              </li>
              <li>
                <SignOutButton />
              </li>
            </ul>
          ) : (
            <ul>
              <li>
                <NavLink to="/sign-in">Sign in</NavLink>
              </li>
              <li>
                <NavLink to="/sign-up">Sign up</NavLink>
              </li>
            </ul>
          )}
        </nav>
      </header>
      <main id="main" className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>Verity shows your account as it is right now, in every tab and on every device.</p>
        <DevMailboxLink />
      </footer>
    </>
  )
}
