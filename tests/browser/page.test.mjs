// End-to-end test of the page: the release build in headless Chromium, driven as a user
// drives it (keyboard typing, clicks). Run from this folder:
//   TFGRADE_DIST=../../dist node --test
// TFGRADE_DIST (relative to the working folder) defaults to ../../dist from this file.
// Screenshots go to test-results/.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.TFGRADE_DIST
  ? path.resolve(process.env.TFGRADE_DIST)
  : path.resolve(here, "../../dist");
const results = path.join(here, "test-results");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".gz": "application/gzip",
};

// The security group typed into the emptied editor: SSH open to the world on line 6.
const OPEN_SSH = `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

let server;
let browser;
let page;
let url;
const problems = [];

/** Serves `dist` on 127.0.0.1 at a free port. */
async function serve(root) {
  const srv = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(root, pathname === "/" ? "index.html" : pathname);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return srv;
}

const shot = (name) => page.screenshot({ path: path.join(results, `${name}.png`), fullPage: false });

/** Waits until the findings reflect the editor's text (no grading pending). */
const settled = () => page.waitForSelector('ul.findings[aria-busy="false"]', { state: "attached" });

const editorState = () =>
  page.evaluate(() => {
    const editor = document.getElementById("editor");
    const { value, selectionStart, selectionEnd } = editor;
    return {
      value,
      focused: document.activeElement === editor,
      selected: value.slice(selectionStart, selectionEnd),
      startLine: value.slice(0, selectionStart).split("\n").length,
      endLine: value.slice(0, selectionEnd).split("\n").length,
    };
  });

before(async () => {
  const index = path.join(dist, "index.html");
  await stat(index).catch(() => {
    throw new Error(`no ${index}: build the page first (trunk build --release)`);
  });
  await mkdir(results, { recursive: true });
  server = await serve(dist);
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test("the example's findings appear, naming var.allowed_ssh_cidr", async () => {
  await page.goto(url);
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  const ssh = page.locator('.entry[data-code="TFG201"]');
  // The security group and the network ACL both use the open variable.
  assert.ok((await ssh.count()) >= 2, `two TFG201 findings, got ${await ssh.count()}`);
  const first = await ssh.first().innerText();
  assert.match(first, /var\.allowed_ssh_cidr/);
  assert.match(first, /response\.md:\d+:\d+/);
  assert.match(first, /lib\/main\.tf/, "the virtual file is named");
  const summary = await page.locator(".summary").innerText();
  assert.match(summary, /\d+ findings?/);
  assert.match(summary, /read as markdown/);
  // The overlay marks spans and the gutter colours their lines.
  assert.ok((await page.locator(".highlights mark.sev-critical").count()) >= 2);
  assert.ok((await page.locator(".gutter-line.sev-critical").count()) >= 2);
  await shot("example");
});

test("clicking a finding far down the example scrolls the editor to it", async () => {
  const last = page.locator('.entry[data-code="TFG201"]').last();
  const location = await last.locator(".entry-location").innerText();
  const line = Number(location.split(":")[1]);
  await last.click();
  const state = await editorState();
  assert.equal(state.startLine, line, `selection on line ${line}`);
  assert.match(state.selected, /allowed_ssh_cidr/);
  const scrolled = await page.evaluate(() => {
    const editor = document.getElementById("editor");
    const overlay = document.querySelector(".highlights");
    return { top: editor.scrollTop, transform: overlay.style.transform };
  });
  assert.ok(scrolled.top > 0, "the editor scrolled");
  assert.match(scrolled.transform, new RegExp(`-${scrolled.top}px\\)$`), "the overlay follows");
  await shot("example-selected");
});

test("typing an open security group shows TFG201 at its line", async () => {
  const editor = page.locator("#editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  assert.equal((await editorState()).value, "");
  await page.waitForSelector(".empty");
  await settled();
  assert.equal(await page.locator(".entry").count(), 0);

  await page.keyboard.type(OPEN_SSH);
  assert.equal((await editorState()).value, OPEN_SSH, "typed text lands verbatim");
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  const entry = page.locator('.entry[data-code="TFG201"]');
  assert.equal(await entry.count(), 1);
  const location = await entry.locator(".entry-location").innerText();
  assert.match(location, /^main\.tf:6:\d+$/, `located on line 6, got ${location}`);
  assert.equal(await page.locator(".gutter-line").nth(5).getAttribute("class"), "gutter-line sev-critical");
  await shot("typed");
});

test("clicking the finding selects its span on that line", async () => {
  await page.locator('.entry[data-code="TFG201"]').click();
  const state = await editorState();
  assert.ok(state.focused, "the editor has the focus");
  assert.equal(state.startLine, 6);
  assert.equal(state.endLine, 6);
  assert.match(state.selected, /0\.0\.0\.0\/0/);
  assert.equal(
    await page.locator('.entry[data-code="TFG201"]').getAttribute("class"),
    "entry selected",
  );
  await shot("selected");
});

test("typing a narrow CIDR instead makes the finding disappear", async () => {
  // Put the caret over the open CIDR, then type over it.
  await page.evaluate(() => {
    const editor = document.getElementById("editor");
    const start = editor.value.indexOf("0.0.0.0/0");
    editor.focus();
    editor.setSelectionRange(start, start + "0.0.0.0/0".length);
  });
  await page.keyboard.type("10.20.0.0/16");
  assert.match((await editorState()).value, /cidr_blocks = \["10\.20\.0\.0\/16"\]/);
  await page.waitForSelector('.entry[data-code="TFG201"]', { state: "detached" });
  await settled();
  assert.equal(await page.locator('.entry[data-code^="TFG2"]').count(), 0, "no network exposure");
  assert.equal(await page.locator(".count.sev-critical .count-n").innerText(), "0");
  assert.equal(await page.locator(".highlights mark.sev-critical").count(), 0);
  await shot("narrow-cidr");
});

test("a syntax error is listed with its location and marked", async () => {
  await page.evaluate(() => {
    const editor = document.getElementById("editor");
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
  });
  await page.keyboard.type('variable "region" {\n  default = \n}\n');
  await page.waitForSelector(".entry-error");
  await settled();
  const location = await page.locator(".entry-error .entry-location").innerText();
  assert.match(location, /^main\.tf:1[01]:\d+$/, `error located, got ${location}`);
  assert.match(await page.locator(".entry-error .message").innerText(), /syntax error/);
  assert.ok((await page.locator(".highlights mark.sev-error").count()) >= 1);
  await shot("syntax-error");
});

test("the provider schema loads, and a misspelled argument is a validity finding", async () => {
  const status = page.locator(".schema-status");
  await page.waitForSelector(".schema-status.loaded");
  assert.match(await status.innerText(), /AWS provider \d+\.\d+\.\d+/);
  const editor = page.locator("#editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type('resource "aws_instance" "web" {\n  ami          = "ami-0abc"\n  instance_typ = "t3.micro"\n}\n');
  await page.waitForSelector('.entry[data-code="TFG704"]');
  await settled();
  const entry = page.locator('.entry[data-code="TFG704"]');
  assert.equal(await entry.count(), 1);
  assert.match(await entry.innerText(), /did you mean instance_type\?/);
  assert.match(await entry.locator(".entry-location").innerText(), /^main\.tf:3:\d+$/);
  await shot("validity");
});

test("a fix is previewed as a diff, applied, and undone", async () => {
  const editor = page.locator("#editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  const typed = 'resource "aws_s3_bucket" "logs" {\n  bucket_prefix = "logs-"\n  tags {\n    Team = "data"\n  }\n}\n';
  await page.keyboard.type(typed);
  await page.waitForSelector('.entry[data-code="TFG705"]');
  await settled();
  const entry = page.locator('.entry[data-code="TFG705"]');
  await entry.locator("button.preview").click();
  const diff = entry.locator(".diff");
  await diff.waitFor();
  assert.match(await diff.locator(".removed").innerText(), /-\s+tags \{/);
  assert.match(await diff.locator(".added").innerText(), /\+\s+tags = \{/);
  await shot("fix-preview");

  await entry.locator("button.apply").click();
  await page.waitForSelector('.entry[data-code="TFG705"]', { state: "detached" });
  await settled();
  assert.match((await editorState()).value, /  tags = \{\n/);
  const undo = page.locator("button.undo");
  assert.equal(await undo.isEnabled(), true);

  await undo.click();
  await page.waitForSelector('.entry[data-code="TFG705"]');
  await settled();
  assert.equal((await editorState()).value, typed, "undo brings back the text before the fix");
  assert.equal(await undo.isEnabled(), false);

  // Every safe fix at once: the block becomes an argument again.
  const safe = page.locator("button", { hasText: /^Apply safe fixes/ });
  assert.match(await safe.innerText(), /\((\d+)\)/);
  await safe.click();
  await page.waitForSelector('.entry[data-code="TFG705"]', { state: "detached" });
  await settled();
  assert.match((await editorState()).value, /  tags = \{\n/);
  await shot("fix-applied");
});

test("a share link opens the same text elsewhere; the last text comes back on reload", async () => {
  const editor = page.locator("#editor");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(OPEN_SSH);
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  await page.locator("button.share").click();
  await page.waitForSelector(".notice");
  assert.match(await page.locator(".notice").innerText(), /address bar/);
  const link = page.url();
  assert.match(link, /#state=[A-Za-z0-9_-]+$/, `a link with the state, got ${link}`);
  assert.equal(await page.locator("button.undo").isEnabled(), false, "typing ends the fixes' undo");
  await shot("shared");

  // Another browser profile, with nothing stored: the link alone brings the text.
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await elsewhere.goto(link);
  await elsewhere.waitForSelector('.entry[data-code="TFG201"]');
  assert.equal(await elsewhere.locator("#editor").inputValue(), OPEN_SSH);
  await other.close();

  // This browser, opened again without the link: the last text is back.
  await page.goto(url);
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  assert.equal(await editor.inputValue(), OPEN_SSH);
});

test("a finding opens its check's docs, and the rule reference lists every check", async () => {
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await page.locator('.entry[data-code="TFG201"] .docs-link').click();
  await page.waitForSelector('.rule-docs[data-code="TFG201"]');
  assert.match(page.url(), /#rule=TFG201$/);
  const docs = await page.locator(".rule-docs").innerText();
  assert.match(docs, /ssh-open-to-world/);
  assert.match(docs, /Why it matters/);
  assert.match(docs, /0\.0\.0\.0\/0/, "the example");
  await shot("rule-docs");

  await page.locator("a", { hasText: "All rules" }).click();
  await page.waitForSelector(".rule-list");
  const listed = await page.locator(".rule-list li").count();
  const codes = await page.locator(".rule-list .entry-code").allInnerTexts();
  assert.ok(listed >= 50, `every check is listed, got ${listed}`);
  assert.ok(codes.includes("TFG704") && codes.includes("TFG101"));

  // Back, as the browser's back button does, then to the findings.
  await page.goBack();
  await page.waitForSelector('.rule-docs[data-code="TFG201"]');
  await page.locator("a", { hasText: "Back to findings" }).click();
  await page.waitForSelector('.entry[data-code="TFG201"]');
  // A rule's link opened directly.
  await page.goto(`${url}#rule=TFG704`);
  await page.waitForSelector('.rule-docs[data-code="TFG704"]');
  await page.goto(url);
});

test("findings are grouped by family and filter by family and severity", async () => {
  await page.locator("select.examples").selectOption("0");
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  const heads = await page.locator(".family-head").allInnerTexts();
  assert.ok(heads.length >= 2, `several families, got ${heads}`);
  assert.ok(heads.some((h) => /^network-exposure \(\d+\)$/i.test(h)), `${heads}`);
  const all = await page.locator(".findings .entry").count();

  await page.locator("select.family-filter").selectOption("network-exposure");
  const codes = await page.locator(".findings .entry").evaluateAll((es) => es.map((e) => e.dataset.code));
  assert.ok(codes.length > 0 && codes.length < all, `${codes.length} of ${all}`);
  assert.ok(codes.every((c) => c.startsWith("TFG2")), `${codes}`);
  await shot("filtered");

  await page.locator("select.family-filter").selectOption("");
  const low = page.locator('button.severity-toggle[data-severity="low"]');
  await low.click();
  assert.equal(await low.getAttribute("aria-pressed"), "false");
  assert.equal(await page.locator(".findings .entry .badge.sev-low").count(), 0);
  await low.click();
  assert.equal(await page.locator(".findings .entry").count(), all);
});

test("the theme follows the system at first, then the toggle, and is remembered", async () => {
  const dark = await browser.newContext({ colorScheme: "dark", viewport: { width: 1280, height: 800 } });
  const p = await dark.newPage();
  await p.goto(url);
  await p.waitForSelector('.entry[data-code="TFG201"]');
  assert.equal(await p.getAttribute("html", "data-theme"), "dark");
  const background = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (await background()).match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `a dark background, got ${await background()}`);
  await p.screenshot({ path: path.join(results, "dark-theme.png") });
  await p.locator("button.theme-toggle").click();
  assert.equal(await p.getAttribute("html", "data-theme"), "light");
  await p.reload();
  await p.waitForSelector(".entry");
  assert.equal(await p.getAttribute("html", "data-theme"), "light", "the choice outlives the system's");
  await dark.close();
});

test("the examples menu loads each example, whose findings are what its title says", async () => {
  const menu = page.locator("select.examples");
  const titles = await menu.locator("option").allInnerTexts();
  assert.ok(titles.length >= 5, `${titles}`);
  for (const [title, codes] of [
    ["A shared state without locking", ["TFG101"]],
    ["Names that collide on a second deployment", ["TFG401"]],
    ["Code that terraform validate rejects", ["TFG701", "TFG704", "TFG705", "TFG707"]],
  ]) {
    await menu.selectOption({ label: title });
    await page.waitForSelector(`.entry[data-code="${codes[0]}"]`);
    await settled();
    for (const code of codes) {
      assert.ok((await page.locator(`.entry[data-code="${code}"]`).count()) > 0, `${title}: ${code}`);
    }
    assert.equal(await menu.inputValue(), "", "the menu shows its title again");
  }
  await shot("example-invalid");
});

test("the report downloads as the JSON the CLI writes", async () => {
  await page.locator("select.examples").selectOption("0");
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await settled();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator("button.export").click(),
  ]);
  assert.equal(download.suggestedFilename(), "tfgrade-report.json");
  const file = path.join(results, "downloaded-report.json");
  await download.saveAs(file);
  const report = JSON.parse(await readFile(file, "utf8"));
  assert.equal(report.tool.name, "tfgrade");
  assert.ok(report.findings.some((f) => f.code === "TFG201"), "the findings are in it");
  assert.equal(report.findings.length, await page.locator(".findings .entry[data-code]").count());
});

test("on a narrow screen the panels stack", async () => {
  await page.locator("select.examples").selectOption("0");
  await page.waitForSelector('.entry[data-code="TFG201"]');
  await page.setViewportSize({ width: 420, height: 860 });
  const editor = await page.locator(".editor-pane").boundingBox();
  const findings = await page.locator(".findings-pane").boundingBox();
  assert.ok(findings.y >= editor.y + editor.height, "findings below the editor");
  assert.ok(editor.width <= 420 && findings.width <= 420, "nothing wider than the screen");
  await shot("narrow-screen");
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("no errors in the console", () => {
  assert.deepEqual(problems, []);
});
