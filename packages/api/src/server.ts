// For programs that run the API in their own process: tests, benchmarks, tooling.
export { AppLayer, type AppServices } from "./AppLayer.ts"
export { AppConfig } from "./config/AppConfig.ts"
export { HttpServer } from "./http/HttpServer.ts"
export { SessionManager } from "./sessions/SessionManager.ts"
export { whoamiOf } from "./sessions/whoami.ts"
export { publicUser } from "./sessions/sessionRecords.ts"
export { AccountService } from "./accounts/AccountService.ts"
export { EmailVerification } from "./accounts/EmailVerification.ts"
