// A patient's walk through the browser build, screenshots at one window size:
//
//   node web/test/walk.mjs URL CLIP.y4m SECONDS WIDTHxHEIGHT OUT_PREFIX
//
// Safety page → Enter → the picker → the bridge (clicked, as a person would) on the fake
// camera → Finish after SECONDS → the summary. Each screen is saved as OUT_PREFIX-<screen>.png.
import puppeteer from "puppeteer-core";

const [url, y4m, seconds, size, out] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${y4m}`, `--window-size=${width},${height}`],
  defaultViewport: { width, height },
});
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  await page.screenshot({ path: `${out}-safety.png` });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("#exercise-list button").length > 0);
  await page.screenshot({ path: `${out}-picker.png` });
  const buttons = await page.$$("#exercise-list button");
  for (const b of buttons) {
    if ((await b.evaluate((e) => e.textContent)) === "Bridge") { await b.click(); break; }
  }
  await page.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
  await new Promise((r) => setTimeout(r, seconds * 600));
  await page.screenshot({ path: `${out}-live.png` });
  await new Promise((r) => setTimeout(r, seconds * 400));
  await page.click("#finish");
  await page.waitForFunction(() => window.formcheck.state().screen === "summary");
  await page.screenshot({ path: `${out}-summary.png` });
  console.log(JSON.stringify(await page.evaluate(() => window.formcheck.state())));
} finally {
  await browser.close();
}
