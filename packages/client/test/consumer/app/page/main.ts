// Bundled by Vite against the packed package and opened in Chromium: signs up with the cookie,
// reads the session, takes one event of session.changes, signs out, and writes what it saw
// into the page for the test to read.
import { apiFailureOf } from "@verity/client"
import { api, followSession, signUp } from "../src/examples/browserPage.js"

const firstChange = () =>
  new Promise<string>((resolve, reject) => {
    const subscription = followSession(
      (whoami) => {
        subscription.unsubscribe()
        resolve(whoami.user.email)
      },
      (reason) => reject(new Error(`session.changes ended: ${reason}`))
    )
  })

const run = async () => {
  const email = `page-${Date.now()}@example.test`
  const signedUp = await signUp(email, "correct horse battery staple 42")
  const whoami = await api.session.whoami.query()
  const changesSaw = await firstChange()
  await api.auth.signOut.mutate()
  const afterSignOut = await api.session.whoami.query().then(
    () => "still signed in",
    (error: unknown) => apiFailureOf(error)?.reason ?? "no answer"
  )
  return {
    email,
    signedUpAs: signedUp.user.email,
    sameSession: whoami.session.id === signedUp.session.id,
    changesSaw,
    afterSignOut
  }
}

run().then(
  (result) => (document.body.dataset["result"] = JSON.stringify(result)),
  (error: unknown) => (document.body.dataset["result"] = JSON.stringify({ error: String(error) }))
)
