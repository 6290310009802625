import { simpleParser } from "mailparser"
import { SMTPServer } from "smtp-server"

/**
 * `to` and `from` are the SMTP envelope addresses: who the mail was actually delivered for, `to`
 * exactly as the sender wrote each `RCPT TO` (an IDN domain stays in the A-labels it was sent in).
 */
export type CaughtMail = {
  readonly to: string[]
  readonly from: string
  readonly subject: string
  readonly text: string
  readonly html: string | null
  /** The Reply-To header's addresses, when the mail has one. */
  readonly replyTo: string | null
}

export type SmtpCatcher = {
  /** `smtp://127.0.0.1:PORT`, ready for `SMTP_URL` or nodemailer's `createTransport`. */
  readonly url: string
  readonly port: number
  /** Every accepted mail, in arrival order. */
  readonly messages: CaughtMail[]
  /** Resolves with the first mail, already caught or yet to come, that matches. */
  waitForMail(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>
  close(): Promise<void>
}

const describeMail = (mail: CaughtMail): string => `to ${mail.to.join(", ")}: "${mail.subject}"`

const ignore = () => undefined

/** A real SMTP server on a free local port that keeps every mail it accepts, for tests. */
export const startSmtpCatcher = async (
  options: { readonly rejectRecipients?: readonly string[] } = {}
): Promise<SmtpCatcher> => {
  const rejected = new Set(options.rejectRecipients?.map((address) => address.toLowerCase()))
  const messages: CaughtMail[] = []
  const listeners = new Set<(mail: CaughtMail) => void>()

  // smtp-server hands over recipients with their domains turned to Unicode (punycode.toUnicode),
  // which hides what the sender addressed. Its log of each command has the line as sent: the last
  // RCPT TO of a connection is the recipient smtp-server is deciding on, and is kept once accepted.
  const lastRcptTo = new Map<string, string>()
  const acceptedAsSent = new Map<string, Array<string>>()
  const commandLog = {
    level: ignore,
    debug: (entry: { tnx?: string; cid?: string }, _format: string, line: unknown) => {
      const sent = /^RCPT TO:\s*<([^>]*)>/i.exec(String(line))?.[1]
      if (entry.tnx === "command" && entry.cid !== undefined && sent !== undefined) lastRcptTo.set(entry.cid, sent)
    },
    info: ignore,
    warn: ignore,
    error: ignore,
    trace: ignore,
    fatal: ignore
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: commandLog,
    // A client's pooled connection would otherwise hold close() for the default 30 s.
    closeTimeout: 200,
    onMailFrom(_address, session, callback) {
      acceptedAsSent.set(session.id, [])
      callback()
    },
    onRcptTo(address, session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        callback(
          Object.assign(new Error(`Mailbox ${address.address} does not exist`), {
            responseCode: 550
          })
        )
        return
      }
      acceptedAsSent.get(session.id)?.push(lastRcptTo.get(session.id) ?? address.address)
      callback()
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        const mail: CaughtMail = {
          to: acceptedAsSent.get(session.id) ?? session.envelope.rcptTo.map((recipient) => recipient.address),
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: parsed.html === false || parsed.html === undefined ? null : parsed.html,
          replyTo: parsed.replyTo?.text ?? null
        }
        messages.push(mail)
        for (const listener of listeners) listener(mail)
        // Answered only once recorded, so a sender that awaited delivery finds the mail in `messages`.
        callback()
      }, callback)
    }
  })

  // A sender killed mid-conversation (tests kill servers on purpose) resets its connection;
  // smtp-server reports that as an "error" event, which would otherwise be thrown.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") throw error
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      server.server.off("error", reject)
      resolve()
    })
  })
  const address = server.server.address()
  if (address === null || typeof address === "string") throw new Error("The SMTP catcher is not listening on TCP")

  const waitForMail = (predicate: (mail: CaughtMail) => boolean, timeoutMs = 5000): Promise<CaughtMail> => {
    const caught = messages.find(predicate)
    if (caught !== undefined) return Promise.resolve(caught)
    return new Promise((resolve, reject) => {
      const listener = (mail: CaughtMail) => {
        if (!predicate(mail)) return
        clearTimeout(timer)
        listeners.delete(listener)
        resolve(mail)
      }
      const timer = setTimeout(() => {
        listeners.delete(listener)
        const seen = messages.length === 0 ? "none" : messages.map(describeMail).join("; ")
        reject(new Error(`No matching mail arrived within ${timeoutMs} ms (caught so far: ${seen})`))
      }, timeoutMs)
      listeners.add(listener)
    })
  }

  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    messages,
    waitForMail,
    close: () => new Promise((resolve) => server.close(resolve))
  }
}
