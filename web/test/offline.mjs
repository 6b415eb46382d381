// formcheck with the network gone, and a tab killed mid-session (issue 31):
//
//   node web/test/offline.mjs SERVER SITE_DIR PORT CLIP.y4m
//
// Serves SITE_DIR on its own PORT (SERVER: formcheck-serve) and opens the page in headless Chromium
// (the camera a real clip): the first visit loads it and its service worker keeps the copy.
// Then the server is stopped and the page taken offline (DevTools'
// Network.emulateNetworkConditions): the page reloads from the copy, says whether it is
// still cross-origin isolated (its two threads), and coaches the clip. Mid-session the tab
// is crashed (Page.crash: what kill -9 is to the desktop); a new tab, still offline, lists
// the session with every line the page had written a second and a half before the crash,
// each byte for byte. Prints one JSON object; exit 1 when the page did not run.
import puppeteer from "puppeteer-core";
import { spawn } from "node:child_process";

const [serve, site, port, y4m] = process.argv.slice(2);
const url = `http://127.0.0.1:${port}/simple.html`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The server, once it listens (it prints "open http://…" then). A port already taken — by
// another run's server, say — makes it exit at once with its own words: the test stops there
// with them, instead of waiting on a page that never comes or testing someone else's site.
const server = spawn(serve, ["--port", port, site], { stdio: ["ignore", "pipe", "pipe"] });
const listening = await new Promise((resolve) => {
  let said = "";
  const done = (why) => { clearTimeout(timer); resolve(why); };
  const timer = setTimeout(() => done(`formcheck-serve did not start listening on port ${port} within 10 s (it said: ${said.trim() || "nothing"})`), 10000);
  const heard = (d) => { said += d; if (/^open http:\/\//m.test(said)) done(null); };
  server.stdout.on("data", heard);
  server.stderr.on("data", heard);
  server.once("error", (e) => done(`formcheck-serve (${serve}) could not be started: ${e.message}`));
  server.once("exit", (code) => done(`formcheck-serve could not serve ${site} on port ${port} (exit ${code}): ${said.trim()}`));
});
if (listening) {
  console.log(JSON.stringify({ failure: listening, errors: [] }));
  process.exit(1);
}
server.stdout.resume();
server.stderr.resume();
const stopServer = async () => {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((r) => server.once("exit", r));
  server.kill();
  await gone;
};
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${y4m}`],
  defaultViewport: { width: 1024, height: 600 },
});
const result = { errors: [], steps_ms: {} };
const t0 = Date.now();
const step = (name) => { result.steps_ms[name] = Date.now() - t0; };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => result.errors.push(String(e)));
  await page.goto(`${url}?exercise=bridge&mute`, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready && window.formcheck.loaded && window.formcheck.offlineReady, { timeout: 120000 });
  step("first_visit");
  result.online_isolated = await page.evaluate(() => self.crossOriginIsolated);

  // The network gone: the server stopped and the page offline.
  await stopServer();
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  result.server_gone = await page.evaluate(async (u) => {
    try { await fetch(u + "no-such-file", { cache: "no-store" }); return false; } catch { return true; }
  }, url).catch(() => true);
  step("offline");
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready || window.formcheck?.state().error, { timeout: 60000 });
  step("reloaded");
  result.offline_isolated = await page.evaluate(() => self.crossOriginIsolated);
  result.offline_threads = await page.evaluate(() => window.formcheck.stats().threads);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.stats().frames > 0 || window.formcheck.state().screen === "problem", { timeout: 60000 });
  await sleep(5000);
  const state = await page.evaluate(() => window.formcheck.state());
  result.offline_screen = state.screen;
  result.offline_error = state.error;
  result.offline_frames = (await page.evaluate(() => window.formcheck.stats())).frames;
  result.offline_present = state.present;

  step("coached");
  // The tab killed mid-session.
  const written = await page.evaluate(() => window.formcheck.records());
  await sleep(1500);
  const atCrash = await page.evaluate(() => window.formcheck.records());
  // (The crash never answers the command: not awaited.)
  const crashed = new Promise((r) => page.once("error", r));
  cdp.send("Page.crash").catch(() => {});
  await Promise.race([crashed, sleep(3000)]);
  step("crashed");
  const again = await browser.newPage();
  const cdp2 = await again.createCDPSession();
  await cdp2.send("Network.enable");
  await cdp2.send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await again.goto(url, { waitUntil: "load" });
  await again.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  step("reopened");
  const stored = (await again.evaluate(() => window.formcheck.sessions())).find((s) => s.records[0] === atCrash[0]);
  const lines = stored?.records ?? [];
  result.crash = {
    lines_1_5_s_before: written.length,
    lines_at_crash: atCrash.length,
    lines_kept: lines.length,
    all_kept_lines_identical: lines.every((l, i) => l === atCrash[i] || (i >= atCrash.length)),
    kept_everything_1_5_s_before: lines.length >= written.length && written.every((l, i) => l === lines[i]),
  };
  await again.keyboard.press("Enter");
  await again.waitForFunction(() => document.querySelectorAll("#record-list li").length > 0, { timeout: 30000 });
  result.crash.listed = await again.$eval(`#record-list li[data-id="${stored?.id}"]`, (e) => e.textContent).catch(() => null);
} catch (e) {
  result.failure = String(e?.stack ?? e);
}
step("checked");
console.log(JSON.stringify(result));
await stopServer();
await browser.close();
process.exit(result.failure ? 1 : 0);
