import { execFile } from "node:child_process"

export type Ran = { readonly code: number; readonly stdout: string; readonly stderr: string }

// npm passes its own configuration to scripts as npm_* variables (the workspace root among
// them); a command meant to run like another developer's must not inherit them.
const outsideNpmScript = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "INIT_CWD"))

/** Runs a program to its end and answers its exit code and output; never throws on a failure. */
export const run = (command: string, args: ReadonlyArray<string>, cwd: string): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(command, args, { cwd, env: outsideNpmScript(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
    )
  })

/** Like run, but a failure throws with everything the program said. */
export const runOrThrow = async (command: string, args: ReadonlyArray<string>, cwd: string): Promise<Ran> => {
  const ran = await run(command, args, cwd)
  if (ran.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`)
  }
  return ran
}
