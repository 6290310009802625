// Mistakes another app's developer makes; each must be a compile error, at exactly this spot.
import { apiFailureOf, createVerityClient } from "@verity/client"

const api = createVerityClient({ url: "http://127.0.0.1:3000" })

export const misspeltProcedure = () => api.session.whoamii.query()

export const wrongFieldType = () => api.auth.signUp.mutate({ email: "ann@example.com", password: 42 })

export const unknownReason = (error: unknown) => apiFailureOf(error)?.reason === "UNAUTHENTICATD"
