// Every entry point, so that tsconfig.declarations.json checks all of the package's declarations.
export type * from "@verity/client"
export type * from "@verity/client/react"
export type * from "@verity/client/server"
