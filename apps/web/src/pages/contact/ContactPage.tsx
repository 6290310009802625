import { Page } from "../../components/Page.tsx"
import { ContactForm } from "./ContactForm.tsx"

export const ContactPage = () => (
  <Page title="Contact us">
    <section className="card">
      <ContactForm />
    </section>
  </Page>
)
