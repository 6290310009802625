const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: "short" })
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })

/** When something happened, as briefly as it can be read: the time alone if it was today. */
export const formatWhen = (iso: string, now: Date = new Date()): string => {
  const at = new Date(iso)
  return at.toDateString() === now.toDateString() ? timeOfDay.format(at) : dayAndTime.format(at)
}
