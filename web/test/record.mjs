// The browser's record (issue 31), in one headless Chromium whose camera is a real clip:
//
//   node web/test/record.mjs URL CLIP.y4m SECONDS OUT_DIR DESKTOP.jsonl NEWER.jsonl CORRUPT.jsonl COMPRESSED.zip
//
// 1. Every network request from opening the page to the end of a coached session, over the
//    DevTools protocol (the Network domain of the page: its own fetches, its workers' and
//    what its service worker answered; and of the service worker: its own fetches). The page's own files are loaded when it says so
//    (window.formcheck.loaded: the models; offlineReady: the service worker's copy); after
//    that moment none may be made, and none may ever go to another origin.
// 2. A session coached on the fake camera for SECONDS, finished; the page reloaded: the
//    session is in window.formcheck.sessions() with its records byte for byte as records()
//    gave them before the reload, and in the "Your record" list.
// 3. Export (the button; the download caught in OUT_DIR) and the report (the button).
// 4. Import of a desktop-made session, a newer version's file, a corrupt one and a zip of
//    compressed files: the first two are listed, the others named with why, nothing kept
//    before is changed.
// 5. Delete with the desktop's question, Keep and Yes; IndexedDB (?store=idb) through the
//    same interface; the second, stricter policy refusing a connection after load.
// Prints one JSON object; exit 1 when the page failed to run (the checks are judged by
// .ci/web-check, which prints what they found).
import puppeteer from "puppeteer-core";
import fs from "node:fs";
import path from "node:path";

const [url, y4m, seconds, out, desktop, newer, corrupt, compressed] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${y4m}`, "--autoplay-policy=no-user-gesture-required"],
  defaultViewport: { width: 1024, height: 900 },
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const result = { errors: [] };
const origin = new URL(url).origin;

// Waits for a file whose name matches `re` in `dir` to be complete.
async function downloaded(dir, re) {
  for (let i = 0; i < 100; i++) {
    const f = fs.readdirSync(dir).find((n) => re.test(n) && !n.endsWith(".crdownload"));
    if (f) return path.join(dir, f);
    await sleep(200);
  }
  throw new Error(`no download matching ${re} in ${dir}`);
}

try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => result.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") result.errors.push(m.text()); });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: path.resolve(out) });
  const requests = [];
  let loadedAt = null;
  const t0 = Date.now();
  cdp.on("Network.requestWillBeSent", (e) => requests.push({
    id: e.requestId, url: e.request.url, ms: Date.now() - t0, afterLoad: loadedAt !== null,
  }));
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.find((x) => x.id === e.requestId);
    if (r) { r.status = e.response.status; r.from = e.response.fromServiceWorker ? "service worker" : e.response.fromDiskCache ? "disk cache" : "server"; }
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = requests.find((x) => x.id === e.requestId);
    if (r) r.failed = e.blockedReason || e.errorText;
  });

  // The service worker's own fetches (its copy of the site), which the page's Network
  // domain does not see: its target's Network domain, from when it starts.
  const swRequests = [];
  browser.on("targetcreated", async (t) => {
    if (t.type() !== "service_worker") return;
    const sw = await t.createCDPSession();
    sw.on("Network.requestWillBeSent", (e) => swRequests.push({
      id: e.requestId, url: e.request.url, ms: Date.now() - t0, afterLoad: loadedAt !== null,
    }));
    sw.on("Network.responseReceived", (e) => {
      const r = swRequests.find((x) => x.id === e.requestId);
      if (r) r.status = e.response.status;
    });
    await sw.send("Network.enable").catch(() => {});
  });
  // 1 and 2: opened, loaded, coached, finished.
  await page.goto(`${url}?exercise=bridge&mute`, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready && window.formcheck.loaded && window.formcheck.offlineReady,
    { timeout: 120000 });
  loadedAt = Date.now() - t0;
  result.loaded_ms = loadedAt;
  result.locked = await page.evaluate(() => window.formcheck.locked === true);
  result.storage = await page.evaluate(() => window.formcheck.storage);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.stats().frames > 0 || window.formcheck.state().screen === "problem", { timeout: 120000 });
  await sleep(seconds * 1000);
  await page.click("#finish");
  await page.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
  const before = await page.evaluate(() => window.formcheck.records());
  result.frames = (await page.evaluate(() => window.formcheck.stats())).frames;
  result.requests = requests.map(({ id, ...r }) => r);
  result.service_worker_requests = swRequests.map(({ id, ...r }) => r);
  result.records = before;

  // After the reload: in sessions(), byte for byte, and in the list.
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  const stored = await page.evaluate(() => window.formcheck.sessions());
  const mine = stored.find((s) => s.records[0] === before[0]);
  result.stored_sessions = stored.length;
  result.stored_id = mine?.id ?? null;
  result.stored_started_at = mine?.started_at ?? null;
  result.identical = !!mine && JSON.stringify(mine.records) === JSON.stringify(before);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#record-list li").length > 0, { timeout: 30000 });
  const listed = () => page.$$eval("#record-list li", (lis) => lis.map((li) => ({ id: li.dataset.id, text: li.textContent })));
  result.listed = await listed();
  result.kept_note = await page.$eval("#record-kept", (e) => e.textContent);
  await page.screenshot({ path: path.join(out, "record.png"), fullPage: true });

  // 3: export and report, as downloads.
  await page.click("#record-export");
  result.export_file = await downloaded(out, /^formcheck-sessions-.*\.zip$/);
  await page.click("#record-report");
  result.report_file = await downloaded(out, /^report-.*-all\.html$/);

  // 4: import.
  const input = await page.$("#record-import");
  await input.uploadFile(desktop, newer, corrupt, compressed);
  await page.waitForFunction(() => /Imported/.test(document.getElementById("record-said").textContent), { timeout: 30000 });
  result.import_said = await page.$eval("#record-said", (e) => e.textContent);
  result.listed_after_import = await listed();
  const again = await page.evaluate(() => window.formcheck.sessions());
  const mineAgain = again.find((s) => s.id === result.stored_id);
  result.kept_after_import = !!mineAgain && JSON.stringify(mineAgain.records) === JSON.stringify(before);
  result.stored_after_import = again.map((s) => ({ id: s.id, lines: s.records.length }));
  await page.evaluate(() => { document.getElementById("record-said").textContent = ""; });
  await input.uploadFile(result.export_file);
  await page.waitForFunction(() => /Imported/.test(document.getElementById("record-said").textContent), { timeout: 30000 });
  result.reimport_said = await page.$eval("#record-said", (e) => e.textContent);
  await page.screenshot({ path: path.join(out, "record-imported.png"), fullPage: true });

  // 5: deleting one with the question; Keep keeps it.
  const victim = result.listed_after_import.find((l) => l.id !== result.stored_id)?.id;
  const del = async () => page.click(`#record-list li[data-id="${victim}"] button.delete`);
  await del();
  result.question_one = await page.$eval("#record-question", (e) => e.textContent);
  await page.click("#record-keep");
  const kept = (await listed()).some((l) => l.id === victim);
  await del();
  await page.click("#record-yes");
  await page.waitForFunction(() => /Deleted/.test(document.getElementById("record-said").textContent), { timeout: 10000 });
  result.delete_one = { victim, kept_on_keep: kept, gone_on_yes: !(await listed()).some((l) => l.id === victim),
    said: await page.$eval("#record-said", (e) => e.textContent) };
  await page.click("#record-delete-all");
  await page.waitForFunction(() => /^Delete everything/.test(document.getElementById("record-question").textContent), { timeout: 10000 }).catch(() => {});
  result.question_all = await page.$eval("#record-question", (e) => e.textContent);
  await page.click("#record-keep");
  result.after_keep_all = (await listed()).length;

  // The stricter policy: a connection tried after load is refused (the browser writes the
  // refusal to the console: not a page error).
  const errorsBefore = result.errors.length;
  await page.waitForFunction(() => window.formcheck.locked, { timeout: 15000 }).catch(() => {});
  result.strict = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
    let fetched;
    try { await fetch("index.html", { cache: "no-store" }); fetched = "fetched"; } catch (e) { fetched = `refused: ${e.message}`; }
    await new Promise((r) => setTimeout(r, 200));
    return { fetch: fetched, violations: seen };
  });
  result.errors.splice(errorsBefore);

  // IndexedDB through the same interface.
  await page.goto(`${url}?store=idb`, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready && window.formcheck.store, { timeout: 60000 });
  result.idb = await page.evaluate(async () => {
    const s = window.formcheck.store;
    const lines = ['{"v":2,"t":0.0,"kind":"start"}', '{"v":2,"t":1.0,"kind":"end"}'];
    await s.append("20261207-000000-test0001", lines.slice(0, 1));
    await s.append("20261207-000000-test0001", lines.slice(1));
    const text = await s.read("20261207-000000-test0001");
    const created = await s.create("20261207-000000-test0001", "other\n");
    const unchanged = (await s.read("20261207-000000-test0001")) === text;
    const listedIds = (await s.list()).map((x) => x.id);
    await s.saveSettings({ muted: true });
    const settings = await s.loadSettings();
    await s.remove("20261207-000000-test0001");
    return { kind: s.kind, text_ok: text === lines.join("\n") + "\n", refused_overwrite: created === false && unchanged,
      listed: listedIds, settings, after_remove: (await s.list()).length };
  });

  // The store full: every write refused as a full disk refuses it. The page coaches all the
  // same, says so on the live view and in the summary, and what was kept before is kept.
  const full = await browser.newPage();
  await full.evaluateOnNewDocument(() => {
    FileSystemWritableFileStream.prototype.write = () => Promise.reject(new DOMException("The disk is full.", "QuotaExceededError"));
  });
  await full.goto(`${url}?exercise=bridge&mute`, { waitUntil: "load" });
  await full.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  const keptBefore = (await full.evaluate(() => window.formcheck.sessions())).map((s) => s.id);
  await full.keyboard.press("Enter");
  await full.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
  await sleep(2500);
  const status = await full.$eval("#status", (e) => e.textContent);
  const frames = (await full.evaluate(() => window.formcheck.stats())).frames;
  await full.click("#finish");
  await full.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
  result.full = { status, frames, summary: await full.$eval("#summary-text", (e) => e.textContent),
    kept_before: keptBefore, kept_after: (await full.evaluate(() => window.formcheck.sessions())).map((s) => s.id) };
} catch (e) {
  result.failure = String(e?.stack ?? e);
}
console.log(JSON.stringify(result));
await browser.close();
process.exit(result.failure ? 1 : 0);
