import type { DomainError } from "@verity/domain"
import type { StoreError } from "@verity/store"
import type { Effect, Stream } from "effect"
import type { AppServices } from "../AppLayer.ts"
import type { AppConfigValues } from "../config/AppConfig.ts"
import type { ClientInfo } from "../sessions/SessionManager.ts"

/** What every procedure gets: the caller's credentials, the configuration, and a way to run Effect programs. */
export type RequestContext = {
  /** Read once at start-up, not per request. */
  readonly config: AppConfigValues
  /** Runs a program with the app's services; a domain failure becomes a tRPC error with its reason. */
  readonly run: <A>(effect: Effect.Effect<A, DomainError | StoreError, AppServices>) => Promise<A>
  /**
   * A stream of the app's as an async iterable for a subscription: it ends, and its resources
   * are released, when the client goes away (`signal`), the stream does, or the server shuts
   * down (then without tRPC's end event, so the client reconnects). A failure is thrown as
   * `run` would (a domain failure keeps its reason).
   */
  readonly iterate: <A>(
    stream: Stream.Stream<A, DomainError | StoreError, AppServices>,
    signal: AbortSignal | undefined
  ) => AsyncIterable<A>
  /** From `Authorization: Bearer …`, else from the session cookie. */
  readonly token: string | null
  /** The request carries two session cookies: it is refused rather than read as either. */
  readonly ambiguousSession: boolean
  readonly bearer: string | null
  /** The client's address as TRUST_PROXY says to read it, and its user agent. */
  readonly client: ClientInfo
  /** The device tokens its device cookie holds (security/DeviceTrust.ts). */
  readonly deviceTokens: ReadonlyArray<string>
  /** Sets the device cookie to these tokens, after a sign-in (or a reset) proved who holds the device. */
  rememberDevice(tokens: ReadonlyArray<string>): void
  /**
   * True when a browser says the request comes from a page of another origin (Origin, or else
   * Referer, is present and not trusted). Such a request must not act with the session cookie.
   */
  readonly fromOtherSite: boolean
  /** The raw `x-verity-min-version` header: the highest user version the client has seen. */
  readonly minVersionHeader: string | null
  setResponseHeader(name: string, value: string): void
  readonly sessionCookie: {
    set(token: string, maxAgeSeconds: number): void
    clear(): void
  }
  /** The operator's inspector cookie (http/inspectorCookie.ts), never a user's session. */
  readonly inspectorToken: string | null
  readonly inspectorCookie: {
    set(token: string, maxAgeSeconds: number): void
    clear(): void
  }
}
