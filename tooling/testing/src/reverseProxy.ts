/**
 * A real reverse proxy in front of a test server: Debian's nginx, run as an ordinary process with
 * its own configuration, pid file, logs and temporary folders under a temporary directory, on a
 * free port. It forwards every request to the server and appends the address it came from to
 * `X-Forwarded-For`, as a load balancer in production does.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort } from "./freePort.ts"

/** Debian's nginx, as CI installs it (`apt-get install -y nginx`). */
const nginxPath = "/usr/sbin/nginx"

export type ReverseProxy = {
  /** Where clients connect, e.g. http://127.0.0.1:PORT. */
  readonly url: string
  /** The address the proxy's own connections to the server come from (what TRUST_PROXY names). */
  readonly address: string
  close(): Promise<void>
}

const configuration = (folder: string, port: number, upstream: URL, address: string) => `
daemon off;
# One process, so stopping it is one signal and nothing outlives the test.
master_process off;
pid ${join(folder, "nginx.pid")};
error_log ${join(folder, "error.log")} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(folder, "body")};
  proxy_temp_path ${join(folder, "proxy")};
  fastcgi_temp_path ${join(folder, "fastcgi")};
  uwsgi_temp_path ${join(folder, "uwsgi")};
  scgi_temp_path ${join(folder, "scgi")};
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://${upstream.host};
      # From an address of its own, so the server can tell the proxy from a client that connects directly.
      proxy_bind ${address};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_http_version 1.1;
      # Server-sent events pass through as they come.
      proxy_buffering off;
    }
  }
}
`

const acceptsConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

/**
 * Starts nginx in front of `upstreamUrl`, its connections to it coming from `address` (a
 * loopback address). Fails, naming what to install, where nginx is missing: a test that needs a
 * proxy must not quietly test without one.
 */
export const startReverseProxy = async (upstreamUrl: string, address = "127.0.0.2"): Promise<ReverseProxy> => {
  if (!existsSync(nginxPath)) {
    throw new Error(
      `This test needs nginx at ${nginxPath} as a real reverse proxy; install it: apt-get install -y nginx`
    )
  }
  const folder = await mkdtemp(join(tmpdir(), "verity-nginx-"))
  await mkdir(join(folder, "logs"))
  const port = await freePort()
  const config = join(folder, "nginx.conf")
  await writeFile(config, configuration(folder, port, new URL(upstreamUrl), address))
  let output = ""
  const child: ChildProcess = spawn(nginxPath, ["-p", folder, "-c", config, "-e", join(folder, "error.log")], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  const stop = async () => {
    child.kill("SIGTERM")
    await exited
    await rm(folder, { recursive: true, force: true })
  }
  const deadline = Date.now() + 10_000
  while (!(await acceptsConnections(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not start on port ${port}:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url: `http://127.0.0.1:${port}`, address, close: stop }
}
