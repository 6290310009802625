// Run by the consumer test on the machine's own Node 20, against a real Verity: the packed
// client as another app's Node program uses it, and a backend's session check.
import { createVerityClient } from "@verity/client"
import { createSessionCheck } from "@verity/client/server"
import { describeWhoamiFailure, signUpProgram } from "./examples/nodeProgram.js"

const [verityUrl, email, password] = process.argv.slice(2)
if (verityUrl === undefined || email === undefined || password === undefined) {
  throw new Error("usage: main.js <verity url> <email> <password>")
}

const whoami = await signUpProgram(verityUrl, email, password)
const badToken = await describeWhoamiFailure(verityUrl, "not-a-session-token")

const { sessionToken } = await createVerityClient({ url: verityUrl }).auth.signIn.mutate({
  email,
  password,
  transport: "token"
})
const checkSession = createSessionCheck({ url: verityUrl })
const withToken = await checkSession(
  new Request("http://backend.test/me", { headers: { authorization: `Bearer ${sessionToken}` } })
)
const withoutCredentials = await checkSession(new Request("http://backend.test/me"))

console.log(
  JSON.stringify({
    node: process.version,
    whoami,
    badToken,
    withToken: withToken.status === "allowed" ? { email: withToken.whoami.user.email } : withToken,
    withoutCredentials
  })
)
