import { createServer } from "node:net"
import { startSmtpCatcher } from "@verity/testing"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Mailer } from "./Mailer.ts"
import { layerSmtp } from "./smtpMailer.ts"
import { verificationEmail } from "./templates/verificationEmail.ts"

const from = "Verity <no-reply@verity.test>"

const send = (url: string, to: string) =>
  Effect.runPromise(
    Mailer.use((mailer) =>
      mailer.send(
        verificationEmail({
          publicUrl: "https://verity.test",
          token: "tok",
          code: "123456",
          email: to,
          newAccount: true
        })
      )
    ).pipe(Effect.provide(layerSmtp({ url, from })))
  )

const sendError = (url: string, to: string) =>
  send(url, to).then(
    () => expect.fail("the mail was accepted"),
    (error: unknown) => error
  )

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

describe("layerSmtp", () => {
  it("delivers the message to a real SMTP server", async () => {
    const catcher = await startSmtpCatcher()
    try {
      await send(catcher.url, "ann@example.com")
      const mail = await catcher.waitForMail((m) => m.to.includes("ann@example.com"))
      expect(mail.from).toBe("no-reply@verity.test")
      expect(mail.subject).toBe("Confirm your email address")
      expect(mail.text).toContain("https://verity.test/verify-email?token=tok")
      expect(mail.html).toContain(`href="https://verity.test/verify-email?token=tok"`)
    } finally {
      await catcher.close()
    }
  })

  it("reports a 550 rejection as permanent", async () => {
    const catcher = await startSmtpCatcher({ rejectRecipients: ["gone@example.com"] })
    try {
      expect(await sendError(catcher.url, "gone@example.com")).toMatchObject({
        _tag: "MailDeliveryError",
        permanent: true,
        message: expect.stringContaining("550")
      })
    } finally {
      await catcher.close()
    }
  })

  it("reports a message without a valid recipient as permanent", async () => {
    const catcher = await startSmtpCatcher()
    try {
      expect(await sendError(catcher.url, "not an address")).toMatchObject({ permanent: true })
      expect(catcher.messages).toEqual([])
    } finally {
      await catcher.close()
    }
  })

  it("sends to nothing but one canonical mailbox: a list, a display name or another spelling is refused, as permanent", async () => {
    const catcher = await startSmtpCatcher()
    try {
      for (const to of ["a,b@example.com", "Evil <x@example.com>", "Ann@example.com", "ann@bücher.example"]) {
        expect(await sendError(catcher.url, to)).toMatchObject({
          permanent: true,
          message: expect.stringContaining("not one canonical mailbox")
        })
      }
      await send(catcher.url, "ann@xn--bcher-kva.example")
      expect(catcher.messages.map((mail) => mail.to)).toEqual([["ann@xn--bcher-kva.example"]])
    } finally {
      await catcher.close()
    }
  })

  it("reports a refused connection as transient", async () => {
    const port = await closedPort()
    expect(await sendError(`smtp://127.0.0.1:${port}`, "ann@example.com")).toMatchObject({
      _tag: "MailDeliveryError",
      permanent: false
    })
  })
})
