const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })

/** The API sends ISO-8601 strings; people read them in their own locale and time zone. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso))
