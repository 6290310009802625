export { failureOf, signInWithToken, signUpWithToken, strongPassword, uniqueEmail } from "./accounts.ts"
export { storeSnapshot } from "./storeSnapshot.ts"
export {
  apiClient,
  startTestApi,
  startTestApiWithMail,
  type TestApi,
  type TestApiOptions,
  type TestApiWithMail
} from "./testApi.ts"
