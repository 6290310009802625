/** One server under load: where to send the request, and how to stop it. */
export type BenchServer = {
  readonly label: string
  /** The full URL of the `whoami` request. */
  readonly whoamiUrl: string
  readonly headers: Record<string, string>
  /** The same answer computed in this process without HTTP (undefined for node:http, which computes nothing). */
  readonly answer?: () => unknown
  close(): Promise<void>
}

export const whoamiPath = "/trpc/session.whoami"

/** One request, to check the server answers 200 and to compare body sizes before the load. */
export const fetchWhoami = async (server: BenchServer): Promise<string> => {
  const response = await fetch(server.whoamiUrl, { headers: server.headers })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`${server.label} answered ${response.status}: ${body}`)
  return body
}
