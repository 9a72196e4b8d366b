// Refreshes web/vendor/ (embedded in the gpufleet binary beside web/src/ by CMake) from the chart
// library pinned in package-lock.json. web/vendor/ is committed, so a build without node or the
// network still embeds the dashboard; `node build.mjs --check` (a ctest test) fails when the
// committed copy differs from the pinned package.
//   node build.mjs          write web/vendor/
//   node build.mjs --check  exit 1 if web/vendor/ differs from what would be written
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const vendor = join(root, 'vendor');
const chartjs = join(root, 'node_modules', 'chart.js');

// Every file of web/vendor/: name -> bytes.
function expected() {
  return new Map([
    ['chart.umd.js', readFileSync(join(chartjs, 'dist', 'chart.umd.js'))],
    ['chart.js.LICENSE.md', readFileSync(join(chartjs, 'LICENSE.md'))],
  ]);
}

function check(files) {
  const problems = [];
  for (const [name, bytes] of files) {
    const path = join(vendor, name);
    if (!existsSync(path)) problems.push(`missing: web/vendor/${name}`);
    else if (!readFileSync(path).equals(bytes)) problems.push(`out of date: web/vendor/${name}`);
  }
  const present = existsSync(vendor) ? readdirSync(vendor) : [];
  for (const name of present) if (!files.has(name)) problems.push(`extra: web/vendor/${name}`);
  for (const p of problems) console.error(p);
  if (problems.length) console.error('web/vendor is stale: run `node web/build.mjs` and commit it');
  return problems.length ? 1 : 0;
}

function write(files) {
  rmSync(vendor, { recursive: true, force: true });
  mkdirSync(vendor, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(vendor, name), bytes);
  console.log(`web/vendor: ${files.size} files`);
  return 0;
}

process.exit(process.argv.includes('--check') ? check(expected()) : write(expected()));
