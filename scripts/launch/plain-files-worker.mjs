// A worker thread of the bundled command: `new Worker(new URL('./plain-files-worker.mjs',
// import.meta.url))` inside the bundle resolves here (see bundleLocation in compiled-entry.mjs).
import { loadBundled } from './compiled-entry.mjs';

loadBundled('plain-files-worker');
