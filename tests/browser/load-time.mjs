// Measures the page's load in headless Chromium: the time from navigation start to the
// first findings in the DOM, to the provider schema loaded (when the page fetches one), the bytes each
// request moved, and whether any request comes after load. Not a test: it prints figures
// to compare builds measured in one run (these machines are shared and noisy).
//
//   node load-time.mjs DIST [DIST...] [--runs N]
//
// Each DIST (a `trunk build --release` output) is served on 127.0.0.1 and opened N times
// (default 7) in a fresh page, alternating between builds; medians are printed.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 7;
const dists = args.map((d) => path.resolve(d));
if (dists.length === 0) {
  console.error("usage: node load-time.mjs DIST [DIST...] [--runs N]");
  process.exit(2);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".gz": "application/gzip",
};

async function serve(root) {
  const srv = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(root, pathname === "/" ? "index.html" : pathname);
      const body = await readFile(file);
      res
        .writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return srv;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const servers = await Promise.all(dists.map(serve));
const figures = dists.map(() => ({ findings: [], schema: [], bytes: new Map(), late: 0 }));
for (let run = 0; run < runs; run++) {
  for (const [i, dist] of dists.entries()) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const url = `http://127.0.0.1:${servers[i].address().port}/`;
    let loaded = false;
    page.on("requestfinished", async (request) => {
      const sizes = await request.sizes().catch(() => null);
      const name = new URL(request.url()).pathname.replace(/-[0-9a-f]{16}/, "");
      if (sizes) figures[i].bytes.set(name, sizes.responseBodySize);
      if (loaded) figures[i].late += 1;
    });
    // The page records, in its own clock from navigation start, when each mark first
    // appears in the DOM (a busy main thread would delay an outside observer).
    await page.addInitScript(() => {
      window.__marks = {};
      const seen = () => {
        for (const [name, selector] of [["findings", ".entry"], ["schema", ".schema-status.loaded"]]) {
          if (!(name in window.__marks) && document.querySelector(selector)) {
            window.__marks[name] = performance.now();
          }
        }
      };
      new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.goto(url);
    await page.waitForSelector(".entry", { timeout: 30_000 });
    const hasSchema = (await page.locator(".schema-status").count()) > 0;
    if (hasSchema) await page.waitForSelector(".schema-status.loaded", { timeout: 30_000 });
    const marks = await page.evaluate(() => window.__marks);
    figures[i].findings.push(Math.round(marks.findings));
    if (hasSchema) figures[i].schema.push(Math.round(marks.schema));
    await page.waitForLoadState("networkidle");
    loaded = true;
    await page.waitForTimeout(300);
    await page.close();
    void dist;
  }
}
for (const [i, dist] of dists.entries()) {
  const f = figures[i];
  console.log(`${dist}`);
  console.log(`  first findings: median ${median(f.findings)} ms of ${runs} loads`);
  if (f.schema.length) console.log(`  provider schema loaded: median ${median(f.schema)} ms`);
  for (const [name, size] of f.bytes) console.log(`  ${name}: ${size} bytes`);
  console.log(`  requests after load: ${f.late}`);
}
await browser.close();
for (const s of servers) s.close();
