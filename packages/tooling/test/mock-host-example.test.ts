// docs/mock-panel.md's Jest example (examples/mock-host.test.mjs), run as it is: loading it
// registers its describe block here, so its tests run with this suite.
import { loadExample } from '../test-support/load-example';

loadExample('examples/mock-host.test.mjs');
