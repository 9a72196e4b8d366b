// Builds web/dist/ (embedded in the gpufleet binary by CMake) from web/src/ and the chart library
// pinned in package-lock.json. web/dist/ is committed, so a build without node still embeds the
// dashboard; `node build.mjs --check` (a ctest test) fails when it is out of date.
//   node build.mjs          write web/dist/
//   node build.mjs --check  exit 1 if web/dist/ differs from what would be written
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const chartjs = join(root, 'node_modules', 'chart.js');

// Every file of web/dist/: relative path -> bytes.
function expected() {
  const files = new Map();
  for (const name of readdirSync(join(root, 'src'))) {
    files.set(name, readFileSync(join(root, 'src', name)));
  }
  files.set('vendor/chart.umd.js', readFileSync(join(chartjs, 'dist', 'chart.umd.js')));
  files.set('vendor/chart.js.LICENSE.md', readFileSync(join(chartjs, 'LICENSE.md')));
  return files;
}

function listDist(dir = dist) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listDist(join(dir, e.name)) : [relative(dist, join(dir, e.name))]);
}

function check(files) {
  const problems = [];
  for (const [name, bytes] of files) {
    const path = join(dist, name);
    if (!existsSync(path)) problems.push(`missing: web/dist/${name}`);
    else if (!readFileSync(path).equals(bytes)) problems.push(`out of date: web/dist/${name}`);
  }
  for (const name of listDist()) if (!files.has(name)) problems.push(`extra: web/dist/${name}`);
  for (const p of problems) console.error(p);
  if (problems.length) console.error('web/dist is stale: run `node web/build.mjs` and commit it');
  return problems.length ? 1 : 0;
}

function write(files) {
  rmSync(dist, { recursive: true, force: true });
  for (const [name, bytes] of files) {
    mkdirSync(dirname(join(dist, name)), { recursive: true });
    writeFileSync(join(dist, name), bytes);
  }
  console.log(`web/dist: ${files.size} files`);
  return 0;
}

process.exit(process.argv.includes('--check') ? check(expected()) : write(expected()));
