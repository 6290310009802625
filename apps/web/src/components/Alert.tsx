import type { ReactNode } from "react"

type Tone = "error" | "warning" | "success" | "info"

/** Errors interrupt a screen reader (role=alert); other news waits its turn (role=status). */
export const Alert = ({ tone, children }: { readonly tone: Tone; readonly children: ReactNode }) => (
  <div className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
    {children}
  </div>
)
