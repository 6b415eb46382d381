// The desktop app's own screens in the page (web/site/index.html): one coached session in
// headless Chromium, the camera being a real clip.
//
//   node web/test/shell.mjs URL CLIP.y4m SECONDS SHOT-PREFIX [WIDTHxHEIGHT]
//
// The page opens URL (/?exercise=ID), the safety screen is accepted with Enter as a
// person would, the exercise is coached for SECONDS, then End session is clicked (the summary). Prints one JSON line: the session records (window.formcheck.records(),
// the desktop's JSONL format), what was on screen (window.formcheck.state()) and the page's
// figures. Screenshots: SHOT-PREFIX-safety.png, -live.png, -summary.png. Exit 1 on a page
// error.
import { launchApp } from "./launch.mjs";

const [url, y4m, seconds, prefix, size = "1280x720"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const browser = await launchApp({ y4m, width, height });
const errors = [];
const fail = async (why) => {
  console.error(`web check: ${why}`);
  for (const e of errors) console.error(`  page: ${e}`);
  await browser.close();
  process.exit(1);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready || !document.getElementById("problem").hidden, { timeout: 60000 });
  const problem = await page.evaluate(() => document.getElementById("problem").hidden ? null : document.getElementById("problem").textContent);
  if (problem) await fail(`the page shows a problem: ${problem}`);
  await sleep(1500);
  await page.screenshot({ path: `${prefix}-safety.png` });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
  const started = Date.now();
  await sleep(seconds * 500);
  await page.screenshot({ path: `${prefix}-live.png` });
  const left = seconds * 1000 - (Date.now() - started);
  if (left > 0) await sleep(left);
  const live = await page.evaluate(() => window.formcheck.state());
  // "End session", bottom right of the coach panel, clicked as a person would.
  await page.mouse.click(width - 82, height - 38);
  await page.waitForFunction(() => window.formcheck.state().screen === "Summary", { timeout: 30000 });
  await sleep(1500);
  await page.screenshot({ path: `${prefix}-summary.png` });
  const result = await page.evaluate(() => ({
    state: window.formcheck.state(),
    stats: window.formcheck.stats(),
    records: window.formcheck.records(),
  }));
  result.live = live;
  result.errors = errors;
  console.log(JSON.stringify(result));
  await browser.close();
  if (errors.length) process.exit(1);
} catch (e) {
  await fail(e.stack ?? String(e));
}
