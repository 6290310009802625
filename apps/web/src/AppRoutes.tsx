import { Route, Routes } from "react-router"
import { AccountPage } from "./pages/account/AccountPage.tsx"
import { ChangeEmailPage } from "./pages/changeEmail/ChangeEmailPage.tsx"
import { ChangePasswordPage } from "./pages/changePassword/ChangePasswordPage.tsx"
import { CheckInboxPage } from "./pages/checkInbox/CheckInboxPage.tsx"
import { ContactPage } from "./pages/contact/ContactPage.tsx"
import { DevMailboxPage } from "./pages/devMailbox/DevMailboxPage.tsx"
import { ForgotPasswordPage } from "./pages/forgotPassword/ForgotPasswordPage.tsx"
import { HomePage } from "./pages/home/HomePage.tsx"
import { NotFoundPage } from "./pages/notFound/NotFoundPage.tsx"
import { ResetPasswordPage } from "./pages/resetPassword/ResetPasswordPage.tsx"
import { SessionsPage } from "./pages/sessions/SessionsPage.tsx"
import { SignInPage } from "./pages/signIn/SignInPage.tsx"
import { SignUpPage } from "./pages/signUp/SignUpPage.tsx"
import { VerifyEmailPage } from "./pages/verifyEmail/VerifyEmailPage.tsx"
import { RequireSession } from "./session/RequireSession.tsx"
import { SignedOutOnly } from "./session/SignedOutOnly.tsx"

// The paths in emails (/verify-email, /reset-password, /forgot-password) are part of the API's
// contract: the server builds those links from PUBLIC_URL.
export const AppRoutes = () => (
  <Routes>
    <Route index element={<HomePage />} />
    <Route element={<SignedOutOnly afterSignIn="/account" />}>
      <Route path="sign-in" element={<SignInPage />} />
    </Route>
    <Route element={<SignedOutOnly afterSignIn="/check-inbox" />}>
      <Route path="sign-up" element={<SignUpPage />} />
    </Route>
    <Route element={<RequireSession />}>
      <Route path="check-inbox" element={<CheckInboxPage />} />
      <Route path="account" element={<AccountPage />} />
      <Route path="contact" element={<ContactPage />} />
      <Route path="sessions" element={<SessionsPage />} />
      <Route path="change-email" element={<ChangeEmailPage />} />
      <Route path="change-password" element={<ChangePasswordPage />} />
    </Route>
    <Route path="verify-email" element={<VerifyEmailPage />} />
    <Route path="forgot-password" element={<ForgotPasswordPage />} />
    <Route path="reset-password" element={<ResetPasswordPage />} />
    <Route path="dev/mailbox" element={<DevMailboxPage />} />
    <Route path="*" element={<NotFoundPage />} />
  </Routes>
)
