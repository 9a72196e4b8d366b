// web/vendor/ (committed, embedded in the binary) must match the chart library pinned in
// web/package-lock.json. Skips (77) when web/node_modules is missing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
if (!existsSync(join(web, 'node_modules', 'chart.js'))) {
  console.log('SKIP: web/node_modules missing; run scripts/setup.sh');
  process.exit(77);
}
const r = spawnSync(process.execPath, [join(web, 'build.mjs'), '--check'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
