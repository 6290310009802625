import type { ReactNode } from "react"

/** A page's document title and heading, kept in step (React 19 hoists <title> into <head>). */
export const Page = ({ title, children }: { readonly title: string; readonly children: ReactNode }) => (
  <>
    <title>{`${title} · Verity`}</title>
    <h1>{title}</h1>
    {children}
  </>
)
