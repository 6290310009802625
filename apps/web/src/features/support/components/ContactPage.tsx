import type { ReactNode } from "react"
import { Page } from "../../../components/Page.tsx"
import { ContactForm } from "./ContactForm.tsx"

export const ContactPage = ({ resendVerification }: { readonly resendVerification: ReactNode }) => (
  <Page title="Contact us">
    <section className="card">
      <ContactForm resendVerification={resendVerification} />
    </section>
  </Page>
)
