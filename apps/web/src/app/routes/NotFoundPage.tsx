import { Link } from "react-router"
import { Page } from "../../components/Page.tsx"

export const NotFoundPage = () => (
  <Page title="Page not found">
    <p>
      There is nothing at this address. <Link to="/">Go to the start page</Link>
    </p>
  </Page>
)
