/** A link into the web app; a trailing slash on PUBLIC_URL must not produce `//` in the path. */
export const appLink = (publicUrl: string, path: string, token?: string): string => {
  const base = `${publicUrl.replace(/\/+$/, "")}${path}`
  return token === undefined ? base : `${base}?token=${encodeURIComponent(token)}`
}
