// Shared by the browser tests: find playwright-core and Chromium (or skip), start and stop
// `gpufleet serve` on a free loopback port, and fail with a clear message.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SKIP = 77;  // ctest's SKIP_RETURN_CODE for these tests
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.GPUFLEET_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-sync'];

// playwright-core from web/node_modules (installed by scripts/setup.sh), or exit 77 (skipped).
export async function loadChromium() {
  const require = createRequire(join(root, 'web', 'package.json'));
  let pw;
  try {
    pw = require('playwright-core');
  } catch {
    console.log('SKIP: web/node_modules/playwright-core missing; run scripts/setup.sh');
    process.exit(SKIP);
  }
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} missing; run scripts/setup.sh`);
    process.exit(SKIP);
  }
  return pw.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function check(cond, message) {
  if (!cond) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}

export function artifacts(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Starts `gpufleet serve --listen 127.0.0.1:0` and resolves with {url, proc} once it prints the
// URL it bound.
export function startServer(cli) {
  const proc = spawn(cli, ['serve', '--listen', '127.0.0.1:0', '--threads', '16'],
                     { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    proc.stderr.on('data', (d) => {
      stderr += d;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) { clearTimeout(timer); resolve({ url: m[1], proc, stderr: () => stderr }); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

// Sends SIGTERM and resolves with the exit code (rejects after 10 s).
export function stopServer(server) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server ignored SIGTERM')), 10000);
    server.proc.removeAllListeners('exit');
    server.proc.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    server.proc.kill('SIGTERM');
  });
}
