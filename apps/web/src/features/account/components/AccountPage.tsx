import type { ReactNode } from "react"
import { Link } from "react-router"
import { EmailStatus } from "../../../components/EmailStatus.tsx"
import { Page } from "../../../components/Page.tsx"
import { formatDateTime } from "../../../lib/format/formatDateTime.ts"
import { hasConfirmedEmail } from "../../../lib/session/sessionGates.ts"
import { useWhoami } from "../../../lib/session/useWhoami.ts"

/**
 * The live Whoami: a change made anywhere (a link opened on a phone) shows here with no reload.
 * Below it, the contact form, which the app brings from the support feature.
 */
export const AccountPage = ({ contactForm }: { readonly contactForm: ReactNode }) => {
  const whoami = useWhoami()
  const confirmed = hasConfirmedEmail(whoami)
  return (
    <Page title="Your account">
      <section className="card" aria-labelledby="account-details">
        <h2 id="account-details">Account details</h2>
        <dl className="details">
          <div>
            <dt>Email address</dt>
            <dd className="email">{whoami.user.email}</dd>
          </div>
          <div>
            <dt>Confirmation</dt>
            <dd>
              <EmailStatus confirmed={confirmed} />
              {!confirmed && (
                <>
                  {" "}
                  <Link to="/check-inbox">Enter the code</Link>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{formatDateTime(whoami.user.createdAt)}</dd>
          </div>
          <div>
            <dt>This session</dt>
            <dd>Signed in {formatDateTime(whoami.session.createdAt)}</dd>
          </div>
        </dl>
        <ul className="actions">
          <li>
            <Link to="/change-email">Change email</Link>
          </li>
          <li>
            <Link to="/change-password">Change password</Link>
          </li>
          <li>
            <Link to="/sessions">Manage sessions</Link>
          </li>
        </ul>
      </section>
      <section className="card" aria-labelledby="contact-us">
        <h2 id="contact-us">Contact us</h2>
        {contactForm}
      </section>
    </Page>
  )
}
