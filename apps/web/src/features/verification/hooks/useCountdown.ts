import { useCallback, useEffect, useState } from "react"

/** Seconds left until the API allows another try; 0 when it does. */
export const useCountdown = () => {
  const [deadline, setDeadline] = useState<number | null>(null)
  const [now, setNow] = useState(() => Date.now())

  useEffect(() => {
    if (deadline === null) return
    const timer = setInterval(() => {
      const current = Date.now()
      setNow(current)
      if (current >= deadline) setDeadline(null)
    }, 250)
    return () => clearInterval(timer)
  }, [deadline])

  // Stable, so an effect that starts the countdown from an answer runs once per answer.
  const start = useCallback((seconds: number) => {
    const current = Date.now()
    setNow(current)
    setDeadline(current + seconds * 1000)
  }, [])

  return { secondsLeft: deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000)), start }
}
