import { Route, Routes } from "react-router"
import { AccountPage } from "../features/account/components/AccountPage.tsx"
import { ChangeEmailPage } from "../features/account/components/ChangeEmailPage.tsx"
import { DevMailboxLink } from "../features/devMailbox/components/DevMailboxLink.tsx"
import { DevMailboxPage } from "../features/devMailbox/components/DevMailboxPage.tsx"
import { ChangePasswordPage } from "../features/passwords/components/ChangePasswordPage.tsx"
import { ForgotPasswordPage } from "../features/passwords/components/ForgotPasswordPage.tsx"
import { ResetPasswordPage } from "../features/passwords/components/ResetPasswordPage.tsx"
import { UndoEmailChangePage } from "../features/recovery/components/UndoEmailChangePage.tsx"
import { RequireSession } from "../features/session/components/RequireSession.tsx"
import { SignedOutOnly } from "../features/session/components/SignedOutOnly.tsx"
import { SignInPage } from "../features/session/components/SignInPage.tsx"
import { SignUpPage } from "../features/session/components/SignUpPage.tsx"
import { SessionsPage } from "../features/sessions/components/SessionsPage.tsx"
import { describeDevice } from "../features/sessions/utils/describeDevice.ts"
import { ContactForm } from "../features/support/components/ContactForm.tsx"
import { ContactPage } from "../features/support/components/ContactPage.tsx"
import { CheckInboxPage } from "../features/verification/components/CheckInboxPage.tsx"
import { ResendVerificationButton } from "../features/verification/components/ResendVerificationButton.tsx"
import { VerifyEmailPage } from "../features/verification/components/VerifyEmailPage.tsx"
import { HomePage } from "./routes/HomePage.tsx"
import { NotFoundPage } from "./routes/NotFoundPage.tsx"

// Features do not import each other: where a page shows a piece of another feature, it is
// composed here and passed in.
const devMailboxLink = <DevMailboxLink>No mail server? Open the dev mailbox</DevMailboxLink>
const resendVerification = <ResendVerificationButton />

// The paths in emails (/verify-email, /reset-password, /forgot-password, /undo-email-change) are
// part of the API's contract: the server builds those links from PUBLIC_URL.
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
      <Route path="check-inbox" element={<CheckInboxPage devMailboxLink={devMailboxLink} />} />
      <Route
        path="account"
        element={<AccountPage contactForm={<ContactForm resendVerification={resendVerification} />} />}
      />
      <Route path="contact" element={<ContactPage resendVerification={resendVerification} />} />
      <Route path="sessions" element={<SessionsPage />} />
      <Route path="change-email" element={<ChangeEmailPage />} />
      <Route path="change-password" element={<ChangePasswordPage />} />
    </Route>
    <Route path="verify-email" element={<VerifyEmailPage describeDevice={describeDevice} />} />
    <Route path="forgot-password" element={<ForgotPasswordPage devMailboxLink={devMailboxLink} />} />
    <Route path="reset-password" element={<ResetPasswordPage />} />
    <Route path="undo-email-change" element={<UndoEmailChangePage />} />
    <Route path="dev/mailbox" element={<DevMailboxPage />} />
    <Route path="*" element={<NotFoundPage />} />
  </Routes>
)
