// A readable label for a session's User-Agent ("Chrome on Android"), good enough to recognise
// one's own devices; nothing depends on it, so a few patterns beat a parsing library.
const browsers: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"]
]

const systems: ReadonlyArray<readonly [RegExp, string]> = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"]
]

const firstMatch = (patterns: ReadonlyArray<readonly [RegExp, string]>, userAgent: string) =>
  patterns.find(([pattern]) => pattern.test(userAgent))?.[1]

export const describeDevice = (userAgent: string | null): string => {
  if (userAgent === null || userAgent === "") return "Unknown device"
  const browser = firstMatch(browsers, userAgent)
  const system = firstMatch(systems, userAgent)
  if (browser !== undefined && system !== undefined) return `${browser} on ${system}`
  return browser ?? system ?? "Other app"
}
