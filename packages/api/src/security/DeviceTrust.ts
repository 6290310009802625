import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"
import { ServerSecrets } from "@verity/store"
import { Context, Effect, Layer, Option } from "effect"

/** A browser shared by a household may be trusted for a few accounts; older ones drop off. */
export const maxAccountsPerDevice = 5

const deviceIdBytes = 16
const tokenPattern = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/

// A cookie is the client's to write: only as many tokens as a device may hold are looked at.
const wellFormed = (presented: ReadonlyArray<string>) =>
  presented.slice(0, maxAccountsPerDevice).filter((token) => tokenPattern.test(token))

/**
 * OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"). A device that
 * signs in to an account successfully is given a token naming a random device id, with a MAC
 * (HMAC-SHA256) over that id and the account's user id, made with a key the store keeps for the
 * server (ServerSecrets): it cannot be forged, moved to another account, or read for the account
 * it is for. A sign-in that presents it counts against that device's own allowance instead of the
 * account's, so an attacker's failures anywhere else never refuse the owner on a device they have
 * used before. Every instance sharing the store shares the key, so each recognises the others'
 * tokens; the key survives restarts, so tokens do too.
 */
export class DeviceTrust extends Context.Service<
  DeviceTrust,
  {
    /** The device id of a presented token that was issued for this user, if there is one. */
    recognise(userId: string, presented: ReadonlyArray<string>): Option.Option<string>
    /**
     * The tokens a device keeps once it has signed in to `userId`: its token for that user (the
     * one it presented, or a new one) first, then the others it holds, at most
     * `maxAccountsPerDevice`.
     */
    remember(userId: string, presented: ReadonlyArray<string>): ReadonlyArray<string>
  }
>()("@verity/api/security/DeviceTrust") {
  static readonly layer = Layer.effect(
    DeviceTrust,
    Effect.gen(function* () {
      const key = yield* ServerSecrets.use((secrets) => secrets.obtain("device-cookie-mac"))
      const macOf = (userId: string, deviceId: string) =>
        createHmac("sha256", key).update(`device:${userId}:${deviceId}`).digest()

      const deviceIdFor = (userId: string, token: string): string | null => {
        const parts = tokenPattern.exec(token)
        if (parts === null) return null
        const [, deviceId = "", mac = ""] = parts
        return timingSafeEqual(Buffer.from(mac, "base64url"), macOf(userId, deviceId)) ? deviceId : null
      }

      const recognise = (userId: string, presented: ReadonlyArray<string>) =>
        Option.fromNullishOr(
          wellFormed(presented)
            .map((token) => deviceIdFor(userId, token))
            .find((deviceId) => deviceId !== null)
        )

      const remember = (userId: string, presented: ReadonlyArray<string>) => {
        const tokens = wellFormed(presented)
        const own = tokens.find((token) => deviceIdFor(userId, token) !== null)
        const deviceId = randomBytes(deviceIdBytes).toString("base64url")
        const first = own ?? `${deviceId}.${macOf(userId, deviceId).toString("base64url")}`
        return [first, ...tokens.filter((token) => token !== first)].slice(0, maxAccountsPerDevice)
      }

      return DeviceTrust.of({ recognise, remember })
    })
  )
}
