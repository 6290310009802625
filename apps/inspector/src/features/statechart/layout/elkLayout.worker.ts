/**
 * The layout worker: elkjs's own engine (ELK compiled from Java), which answers `elk-api`'s
 * messages by itself once loaded in a worker. Bundled by Vite beside the app, so the layout
 * needs no network and never blocks the page.
 */
// oxlint-disable-next-line import/no-unassigned-import -- loading the engine installs its message handler; it exports nothing to use
import "elkjs/lib/elk-worker.min.js"
