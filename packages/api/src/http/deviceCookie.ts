import type { ReplyControls, RequestFacts } from "./requestFacts.ts"

export const deviceCookieName = "verity_device"

// A device stays trusted while it is used at least once a year (Chromium keeps no cookie longer than 400 days).
const deviceCookieMaxAgeSeconds = 365 * 24 * 60 * 60

// Tokens are base64url and a dot (security/DeviceTrust.ts); `~` keeps several apart in one value.
const separator = "~"

/** The device tokens the request's device cookie holds (none without one). */
export const deviceTokens = (request: Pick<RequestFacts, "cookies">): ReadonlyArray<string> =>
  (request.cookies[deviceCookieName] ?? "").split(separator).filter((token) => token !== "")

/**
 * Keeps the device's tokens in its browser. HttpOnly, so no script sees them; SameSite=Strict and
 * only under /trpc, since only sign-in reads them; sent by any client that keeps cookies, whatever
 * transport it asked for the session in.
 */
export const deviceCookieFor = (reply: ReplyControls, publicUrl: string) => (tokens: ReadonlyArray<string>) =>
  void reply.setCookie(deviceCookieName, tokens.join(separator), {
    httpOnly: true,
    sameSite: "strict",
    secure: publicUrl.startsWith("https:"),
    path: "/trpc",
    maxAge: deviceCookieMaxAgeSeconds
  })
