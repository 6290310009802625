import type { AppConfigValues } from "../config/AppConfig.ts"
import type { RequestContext } from "../trpc/RequestContext.ts"
import { minVersionHeader } from "./causalHeaders.ts"
import { deviceCookieFor, deviceTokens } from "./deviceCookie.ts"
import { inspectorCookieFor, inspectorTokenOf } from "./inspectorCookie.ts"
import { bearerToken, isFromOtherSite, sessionCredential, singleHeader } from "./requestCredentials.ts"
import type { ReplyControls, RequestFacts } from "./requestFacts.ts"
import { sessionCookieFor } from "./sessionCookie.ts"

export type ContextFor = (request: RequestFacts, reply: ReplyControls) => RequestContext

/**
 * The one way a request becomes the context every procedure gets, whichever path it came by
 * (Fastify and tRPC's adapter, or the whoami fast path). `run` and `iterate` are per request
 * because they name the request id in every log line and session step.
 */
export const contextFor =
  (
    config: AppConfigValues,
    runFor: (requestId: string) => RequestContext["run"],
    iterateFor: (requestId: string) => RequestContext["iterate"]
  ): ContextFor =>
  (request, reply) => {
    const credential = sessionCredential(request, config.publicUrl)
    return {
      config,
      run: runFor(request.id),
      iterate: iterateFor(request.id),
      token: "token" in credential ? credential.token : null,
      ambiguousSession: "ambiguous" in credential,
      bearer: bearerToken(request),
      client: { userAgent: request.headers["user-agent"] ?? null, ip: request.ip },
      deviceTokens: deviceTokens(request),
      rememberDevice: deviceCookieFor(reply, config.publicUrl),
      fromOtherSite: isFromOtherSite(request, config.trustedOrigins),
      minVersionHeader: singleHeader(request.headers[minVersionHeader]),
      setResponseHeader: (name, value) => void reply.header(name, value),
      sessionCookie: sessionCookieFor(reply, config.publicUrl),
      inspectorToken: inspectorTokenOf(request, config.publicUrl),
      inspectorCookie: inspectorCookieFor(reply, config.publicUrl)
    }
  }
