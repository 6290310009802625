export { type MongoTestServer, type MongoTestServerOptions, startMongoTestServer } from "./MongoTestServer.ts"
