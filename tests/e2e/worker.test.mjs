// End-to-end: the real Worker (build/) in workerd through `wrangler dev`, over HTTP.
import { startWorker } from './harness.mjs';
import { httpSuite } from './http-suite.mjs';

httpSuite('workerd', startWorker, { cacheApi: true });
