// One coached session in headless Chromium, the camera being a real clip (issue 30):
//
//   node web/test/coach.mjs URL CLIP.y4m SECONDS SCREENSHOT.png
//
// Chromium's fake camera plays CLIP.y4m (looping); the page opens URL (?exercise=ID), the
// safety screen is accepted with Enter as a person would, the exercise is coached for one
// play of the clip (SECONDS), then Finish is pressed. Prints one JSON line: the session's
// records (window.formcheck.records(), the desktop's JSONL format), what the page showed
// (window.formcheck.state()) and its figures (window.formcheck.stats()). A screenshot of
// the live view is taken half-way. Exit 1 on a page error or a problem screen.
import puppeteer from "puppeteer-core";

const [url, y4m, seconds, shot] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: [
    "--no-sandbox",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${y4m}`,
    "--autoplay-policy=no-user-gesture-required",
    "--window-size=1280,720",
  ],
  defaultViewport: { width: 1280, height: 720 },
});
const errors = [];
const fail = async (why) => {
  console.error(`web check: ${why}`);
  for (const e of errors) console.error(`  page: ${e}`);
  await browser.close();
  process.exit(1);
};
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready || window.formcheck?.state().error, { timeout: 60000 });
  await page.keyboard.press("Enter");
  // The models load, the camera opens, the first frame is coached.
  await page.waitForFunction(() => window.formcheck.stats().frames > 0 || window.formcheck.state().screen === "problem", { timeout: 120000 });
  let state = await page.evaluate(() => window.formcheck.state());
  if (state.screen === "problem") await fail(`the page shows a problem: ${state.error}`);
  const started = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 500));
  await page.screenshot({ path: shot });
  const left = seconds * 1000 - (Date.now() - started) - 250;
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  await page.click("#finish");
  await page.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
  const result = await page.evaluate(() => ({
    state: window.formcheck.state(),
    stats: window.formcheck.stats(),
    records: window.formcheck.records(),
    summary: document.getElementById("summary-text").textContent,
  }));
  result.errors = errors;
  console.log(JSON.stringify(result));
  await browser.close();
} catch (e) {
  await fail(String(e?.stack ?? e));
}
