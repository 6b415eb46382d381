// The app's record in the browser (index.html, issue 31), used as a patient would:
//
//   node web/test/shell-record.mjs URL CLIP.y4m SECONDS SHOT-PREFIX DOWNLOADS [DESKTOP.jsonl]
//
// A session is coached on the fake camera and ended (End session, clicked); the page is
// reloaded: the session is kept in this browser, its records byte for byte as written, and
// the app's own History and Progress screens show it (screenshots). Every network request
// from opening the page to the end of the session is listed: all must go to the page's own
// origin and none may come after the page and its models were loaded (then a second policy
// forbids any connection). History's "Export every session (one file)" downloads a zip of the
// kept sessions into DOWNLOADS (the caller reads it with the desktop's formcheck), and
// "Import sessions…" takes DESKTOP.jsonl, a session the desktop made, which is then kept and
// listed. Prints one JSON line {ok, checks, requests, zip, errors}.
import fs from "node:fs";
import path from "node:path";
import { launchApp } from "./launch.mjs";

const [url, y4m, seconds, prefix, downloads, desktop] = process.argv.slice(2);
const [width, height] = [1280, 720];
const browser = await launchApp({ y4m, width, height });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [], checks = {}, requests = [], result = {};
const origin = new URL(url).origin;
let loadedAt = null;
const t0 = Date.now();
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => {
    if (/^(blob|data):/.test(r.url())) return;
    requests.push({ ms: Date.now() - t0, url: r.url(), afterLoad: loadedAt !== null });
  });
  // The test answers the page's file picker through DevTools' interception, switched on now,
  // long before the click: switched on together with the click (waitForFileChooser does),
  // Chromium sometimes opened the picker first, and it was cancelled unseen (the input's
  // "cancel" event came) — the test missing a picker the page had opened.
  await page.waitForFileChooser({ timeout: 1000 }).catch(() => {});
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready && window.formcheck.loaded, { timeout: 120000 });
  await page.waitForFunction(() => window.formcheck.locked || window.formcheck.offlineReady === undefined, { timeout: 30000 }).catch(() => {});
  await sleep(500);
  loadedAt = Date.now() - t0;
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
  await sleep(seconds * 1000);
  await page.mouse.click(width - 82, height - 38); // End session
  await page.waitForFunction(() => window.formcheck.state().screen === "Summary", { timeout: 30000 });
  await sleep(2500); // stored within a second
  const written = await page.evaluate(() => window.formcheck.records());
  checks.session_written = written.length > 2 && JSON.parse(written.at(-1)).kind === "end";
  checks.locked = await page.evaluate(() => window.formcheck.locked === true);
  checks.requests_own_origin = requests.every((q) => q.url.startsWith(origin + "/"));
  checks.no_request_after_load = requests.every((q) => !q.afterLoad);
  page.removeAllListeners("request");
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  const kept = await page.evaluate(() => window.formcheck.sessions());
  const same = kept.find((s) => s.records[0] === written[0]);
  checks.kept_after_reload = !!same && same.records.length === written.length && same.records.every((l, i) => l === written[i]);
  await sleep(1000);
  await page.keyboard.press("Enter"); // the safety screen, when it is shown again
  await sleep(1000);
  await page.mouse.click(389, 27); // History
  await page.waitForFunction(() => window.formcheck.state().screen === "History", { timeout: 20000 });
  await sleep(2000);
  await page.screenshot({ path: `${prefix}-history.png` });
  checks.history_shown = true;
  await page.mouse.click(484, 27); // Progress
  await page.waitForFunction(() => window.formcheck.state().screen === "Progress", { timeout: 20000 });
  await sleep(2000);
  await page.screenshot({ path: `${prefix}-progress.png` });
  checks.progress_shown = true;
  // History: every session as one file, then a desktop session imported.
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: path.resolve(downloads) });
  await page.mouse.click(389, 27);
  await page.waitForFunction(() => window.formcheck.state().screen === "History", { timeout: 20000 });
  await sleep(1500);
  await page.mouse.click(154, 171); // Export every session (one file)
  await page.waitForFunction(() => window.formcheck.downloads().some((n) => n.endsWith(".zip")), { timeout: 20000 });
  const zipName = (await page.evaluate(() => window.formcheck.downloads())).find((n) => n.endsWith(".zip"));
  const zipPath = path.join(downloads, zipName);
  for (let i = 0; i < 50 && !fs.existsSync(zipPath); i++) await sleep(200);
  result.zip = zipPath;
  checks.exported = fs.existsSync(zipPath) && fs.readFileSync(zipPath).subarray(0, 2).toString() === "PK";
  if (desktop) {
    const before = (await page.evaluate(() => window.formcheck.sessions())).length;
    // One click opens the picker: the page opens it inside the click's own event (pointerup,
    // right after the app saw the click), whatever the load — a second click is a failure.
    await page.evaluate(() => {
      window.pickerOpenedIn = [];
      // A picker the browser opened but nobody answered (not seen by the test) ends in
      // "cancel": that tells a picker the test missed from one the page never opened.
      document.getElementById("import-file").addEventListener("cancel", () => window.pickerOpenedIn.push("cancel"));
      const click = HTMLInputElement.prototype.click;
      HTMLInputElement.prototype.click = function () {
        if (this.type === "file") window.pickerOpenedIn.push(window.event?.type ?? "no event (the page's loop)");
        return click.call(this);
      };
    });
    const [chooser] = await Promise.all([page.waitForFileChooser({ timeout: 15000 }).catch(() => null), page.mouse.click(404, 171)]);
    result.import_clicks = 1;
    result.picker_opened_in = await page.evaluate(() => window.pickerOpenedIn);
    checks.import_one_click = !!chooser && result.picker_opened_in[0] === "pointerup";
    if (!chooser) throw new Error(`Import sessions… opened no file picker on one click (the page called click() in: ${JSON.stringify(result.picker_opened_in)})`);
    await chooser.accept([desktop]);
    await page.waitForFunction((n) => window.formcheck.sessions().length > n, { timeout: 20000 }, before);
    const first = fs.readFileSync(desktop, "utf8").split("\n")[0];
    checks.imported = (await page.evaluate(() => window.formcheck.sessions())).some((x) => x.records[0] === first);
    await sleep(2000);
    await page.screenshot({ path: `${prefix}-imported.png` });
  }
} catch (e) {
  errors.push(e.stack ?? String(e));
}
const ok = Object.values(checks).every(Boolean) && Object.keys(checks).length >= (desktop ? 10 : 8) && !errors.length;
console.log(JSON.stringify({ ok, checks, loaded_ms: loadedAt, requests, zip: result.zip, import_clicks: result.import_clicks, picker_opened_in: result.picker_opened_in, errors }));
await browser.close();
process.exit(ok ? 0 : 1);
