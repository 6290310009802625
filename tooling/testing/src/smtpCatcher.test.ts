import { createTransport } from "nodemailer"
import { afterEach, describe, expect, it } from "vitest"
import { type SmtpCatcher, startSmtpCatcher } from "./smtpCatcher.ts"

const send = (url: string, to: string, subject: string) =>
  createTransport(url).sendMail({
    from: "Verity <no-reply@verity.test>",
    to,
    subject,
    text: "Hello in text",
    html: "<p>Hello in <b>HTML</b></p>"
  })

describe("startSmtpCatcher", () => {
  let catcher: SmtpCatcher | undefined
  afterEach(() => catcher?.close())

  it("catches and parses what a real SMTP client sends", async () => {
    catcher = await startSmtpCatcher()
    expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`)

    await send(catcher.url, "alice@example.com", "First")

    expect(catcher.messages).toEqual([
      {
        to: ["alice@example.com"],
        from: "no-reply@verity.test",
        subject: "First",
        text: "Hello in text",
        html: "<p>Hello in <b>HTML</b></p>",
        replyTo: null
      }
    ])
  })

  it("waitForMail resolves with a mail already caught and with one still to come", async () => {
    catcher = await startSmtpCatcher()
    await send(catcher.url, "alice@example.com", "Early")

    const early = await catcher.waitForMail((mail) => mail.subject === "Early")
    const late = catcher.waitForMail((mail) => mail.to.includes("bob@example.com"))
    await send(catcher.url, "bob@example.com", "Late")

    expect(early.to).toEqual(["alice@example.com"])
    expect((await late).subject).toBe("Late")
  })

  it("waitForMail rejects with what it did catch once the timeout passes", async () => {
    catcher = await startSmtpCatcher()
    await send(catcher.url, "alice@example.com", "Unrelated")

    await expect(catcher.waitForMail((mail) => mail.subject === "Missing", 100)).rejects.toThrow(
      'No matching mail arrived within 100 ms (caught so far: to alice@example.com: "Unrelated")'
    )
  })

  it("answers 550 for a rejected recipient and keeps nothing", async () => {
    catcher = await startSmtpCatcher({ rejectRecipients: ["Gone@Example.com"] })

    await expect(send(catcher.url, "gone@example.com", "Bounce")).rejects.toMatchObject({ responseCode: 550 })
    expect(catcher.messages).toEqual([])
  })
})
