export { failureOf, signInWithToken, signUpWithToken, strongPassword, uniqueEmail } from "./accounts.ts"
export { storeSnapshot } from "./storeSnapshot.ts"
export {
  type ApiClient,
  apiClient,
  type ClientOptions,
  type CookieJar,
  deviceOf,
  distinctLoopbackAddress,
  type TestDevice
} from "./clients.ts"
export {
  startTestApi,
  startTestApiWithMail,
  type TestApi,
  type TestApiOptions,
  type TestApiWithMail
} from "./testApi.ts"
export { shortResendCooldown, shortResendCooldownMs, waitOutResendCooldown } from "./resendCooldown.ts"
export { testApiForFile, testApiWithMailForFile } from "./testApiForFile.ts"
