import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client"
import type { AppRouter } from "@verity/api"

// `npm run admin -- <command> [argument]`: operator commands, sent to the running server so that
// its live sessions change at once (a write straight into the store would not reach them).

const usage = `Usage: npm run admin -- <command> [argument]

Commands:
  suspend <email>     end every session of the account now and refuse sign-in
  unsuspend <email>   allow sign-in again
  messages [count]    the newest contact-form messages (default 20), newest first

Environment:
  ADMIN_TOKEN         the server's operator token (required)
  VERITY_URL          the server (default http://127.0.0.1:$PORT, PORT defaulting to 3000)`

const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}

const [command, argument, ...rest] = process.argv.slice(2)
if (command === undefined || rest.length > 0 || (command !== "messages" && argument === undefined)) fail(usage)
const email = argument
const adminToken = process.env["ADMIN_TOKEN"] ?? fail(`ADMIN_TOKEN is not set.\n\n${usage}`)
const url = process.env["VERITY_URL"] ?? `http://127.0.0.1:${process.env["PORT"] ?? "3000"}`

const api = createTRPCClient<AppRouter>({
  links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${adminToken}` } })]
})

try {
  switch (command) {
    case "suspend": {
      const { revokedSessions } = await api.admin.suspendUser.mutate({ email: email! })
      console.log(`Suspended ${email}; ${revokedSessions} session(s) ended.`)
      break
    }
    case "unsuspend":
      await api.admin.unsuspendUser.mutate({ email: email! })
      console.log(`Unsuspended ${email}; they can sign in again.`)
      break
    case "messages": {
      const count = argument === undefined ? 20 : Number(argument)
      if (!Number.isInteger(count) || count < 1) fail(`"${argument}" is not a count of messages.\n\n${usage}`)
      const messages = await api.admin.contactMessages.query({ limit: count })
      if (messages.length === 0) console.log("No contact-form messages yet.")
      for (const message of messages) {
        console.log(
          `${message.createdAt}  ${message.ticketId}  ${message.email}\n  ${message.subject}\n\n${message.message}\n`
        )
      }
      break
    }
    default:
      fail(`Unknown command "${command}".\n\n${usage}`)
  }
} catch (error) {
  // A TRPCClientError with data is the server's answer; without, the request never got one.
  if (error instanceof TRPCClientError && error.data !== undefined) fail(`The server refused: ${error.message}`)
  fail(`Could not reach the server at ${url}: ${error instanceof Error ? error.message : String(error)}`)
}
