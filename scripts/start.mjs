// npm start: build the web app if needed, then run the server in this same process, so that
// SIGTERM reaches it directly and in-flight requests drain.
import { register } from 'tsx/esm/api';
import { ensureWebBuilt } from './web-build.mjs';

ensureWebBuilt();
register();
await import('../src/server/main.ts');
