/**
 * Sizes of one bench run. `--quick` is a smoke run of the same code; so are BENCH_QUICK=1 and
 * `npm run bench --quick` (npm passes an unknown flag to the script as npm_config_quick).
 */
export type BenchOptions = {
  readonly quick: boolean
  /** Only the security table (`--security`): the attacks measured before and after a change. */
  readonly securityOnly: boolean
  readonly http: {
    readonly connections: number
    readonly pipelining: number
    /** Before a server's first measured run. */
    readonly warmupSeconds: number
    /** Each server is measured once per round; rounds alternate the order, to spread drift evenly. */
    readonly rounds: number
    readonly durationSeconds: number
    /** The same answer without HTTP: blocks of calls, interleaved across servers. */
    readonly answerBlocks: number
    readonly answerCallsPerBlock: number
  }
  readonly fanOut: {
    /** Sessions of the user whose change is timed. */
    readonly sessionCounts: ReadonlyArray<number>
    /** Other live sessions in the process, spread over `otherUsers` users. */
    readonly otherSessions: number
    readonly otherUsers: number
    readonly warmupRounds: number
    readonly rounds: number
  }
  readonly memory: {
    /** Sessions rebuilt one by one after eviction, each timed. */
    readonly rebuildSamples: number
    /** Live actors held when comparing the snapshot with a full `createActor`. */
    readonly representationCount: number
  }
  readonly security: {
    /** Concurrent wrong passwords for one account from one address. */
    readonly burstSize: number
    /** Concurrent sign-ups from one address while the owner signs in. */
    readonly floodSize: number
    /** Sign-ups timed with a taken address, and as many with a new one. */
    readonly samples: number
  }
}

const full: Omit<BenchOptions, "securityOnly"> = {
  quick: false,
  http: {
    connections: 50,
    pipelining: 1,
    warmupSeconds: 2,
    rounds: 3,
    durationSeconds: 5,
    answerBlocks: 5,
    answerCallsPerBlock: 20_000
  },
  fanOut: {
    sessionCounts: [1, 100, 1_000],
    otherSessions: 100_000,
    otherUsers: 10_000,
    warmupRounds: 10,
    rounds: 50
  },
  memory: { rebuildSamples: 1_000, representationCount: 100_000 },
  security: { burstSize: 200, floodSize: 100, samples: 30 }
}

const quick: Omit<BenchOptions, "securityOnly"> = {
  quick: true,
  http: {
    connections: 50,
    pipelining: 1,
    warmupSeconds: 1,
    rounds: 1,
    durationSeconds: 3,
    answerBlocks: 3,
    answerCallsPerBlock: 2_000
  },
  fanOut: { sessionCounts: [1, 100, 1_000], otherSessions: 10_000, otherUsers: 1_000, warmupRounds: 3, rounds: 10 },
  memory: { rebuildSamples: 200, representationCount: 10_000 },
  security: { burstSize: 50, floodSize: 30, samples: 10 }
}

export const readOptions = (argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv): BenchOptions => ({
  ...(argv.includes("--quick") || env["BENCH_QUICK"] === "1" || env["npm_config_quick"] === "true" ? quick : full),
  securityOnly: argv.includes("--security") || env["npm_config_security"] === "true"
})
