// Runs once before the suite. The README's commands must run on Node 24 even on a machine whose
// own node is older (the root devDependency `node@24.x` puts Node 24 first on npm scripts' PATH,
// through turbo too); fail loudly if that ever stops being true, instead of testing on the wrong runtime.
export default function requireNode24() {
  const major = Number(process.versions.node.split(".")[0])
  if (major < 24) {
    throw new Error(
      `Tests run on Node ${process.versions.node}; Verity needs Node 24 (run them through npm: npm test).`
    )
  }
}
