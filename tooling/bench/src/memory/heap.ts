const collect = (): void => {
  const gc = globalThis.gc
  if (gc === undefined)
    throw new Error("Run with `node --expose-gc` (npm run bench does): heap figures need a full GC.")
  // Twice: the first pass can leave objects that only become unreachable once finalizers ran.
  gc()
  gc()
}

/** Heap in use after a full garbage collection. */
export const liveHeapBytes = (): number => {
  collect()
  return process.memoryUsage().heapUsed
}
