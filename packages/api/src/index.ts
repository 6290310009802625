export type { AppRouter } from "./trpc/appRouter.ts"
