const started = performance.now()

/** One progress line with the time since the bench started, so slow steps are visible. */
export const progress = (message: string): void => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6)
  console.log(`[${seconds} s] ${message}`)
}
