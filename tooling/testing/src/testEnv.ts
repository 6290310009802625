/** The operator token of every test server: as long as production requires (at least 32 characters). */
export const testAdminToken = "test-admin-token-0123456789abcdefghij"

/** Settings every test server uses: a free port, and argon2 cheap enough for hundreds of sign-ins. */
export const testEnv = (dataDir: string, env: Record<string, string> = {}): Record<string, string> => ({
  PORT: "0",
  HOST: "127.0.0.1",
  PUBLIC_URL: "http://verity.test",
  DATA_DIR: dataDir,
  ARGON2_MEMORY_KIB: "1024",
  ARGON2_TIME_COST: "1",
  ADMIN_TOKEN: testAdminToken,
  ...env
})
