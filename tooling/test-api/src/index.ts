export { failureOf, signInWithToken, signUpWithToken, strongPassword, uniqueEmail } from "./accounts.ts"
export { storeSnapshot } from "./storeSnapshot.ts"
export { apiClient, startTestApi, type TestApi } from "./testApi.ts"
