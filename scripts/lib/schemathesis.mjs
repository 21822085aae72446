// schemathesis (the API fuzzer, from PyPI) in a virtualenv of its own, in the cache outside the repo
// so every clone reuses it. Provisioned idempotently: a marker file holds the pinned version.
import { pythonTool } from './python-tool.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';

const schemathesis = pythonTool({
  name: 'schemathesis',
  requirement: `schemathesis==${SCHEMATHESIS_VERSION}`,
  version: SCHEMATHESIS_VERSION,
  executable: 'st',
  venv: 'schemathesis-venv',
  coldTime: '~30 s cold',
});

/** The `st` executable inside the virtualenv. */
export const SCHEMATHESIS_BIN = schemathesis.bin;

/** Creates the virtualenv and installs the pinned schemathesis if that has not been done yet. */
export const ensureSchemathesis = schemathesis.ensure;
