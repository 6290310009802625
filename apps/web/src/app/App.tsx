import { AppProvider } from "./AppProvider.tsx"
import { AppRoutes } from "./AppRoutes.tsx"
import { Layout } from "./Layout.tsx"

export const App = () => (
  <AppProvider>
    <Layout>
      <AppRoutes />
    </Layout>
  </AppProvider>
)
