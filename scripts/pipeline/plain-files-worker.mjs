// Worker threads do not inherit the tsx loader that `node --import tsx` installs in the main
// thread, so the worker registers it before loading its TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./plain-files-worker.ts');
