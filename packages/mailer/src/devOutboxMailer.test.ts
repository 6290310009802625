import { Effect, Logger } from "effect"
import { describe, expect, it } from "vitest"
import { layerDevOutbox } from "./devOutboxMailer.ts"
import { Mailer } from "./Mailer.ts"
import { verificationEmail } from "./templates/verificationEmail.ts"

describe("layerDevOutbox", () => {
  it("logs the recipient, the subject and the text with its link instead of delivering", async () => {
    const logged: unknown[] = []
    const verification = verificationEmail({
      publicUrl: "http://localhost:3000",
      token: "tok",
      code: "123456",
      email: "ann@example.com",
      newAccount: true
    })

    await Effect.runPromise(
      Mailer.use((mailer) => mailer.send(verification)).pipe(
        Effect.provide(layerDevOutbox),
        Effect.provide(Logger.layer([Logger.make(({ message }) => logged.push(message))]))
      )
    )

    const output = logged.flat().join("\n")
    expect(output).toContain("ann@example.com")
    expect(output).toContain("Confirm your email address")
    expect(output).toContain("http://localhost:3000/verify-email?token=tok")
    expect(output).toContain("123456")
  })
})
