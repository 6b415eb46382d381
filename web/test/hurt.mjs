// "It hurts" in the browser (issue 30): the desktop's questions, ways on and record.
//
//   node web/test/hurt.mjs URL CLIP.y4m
//
// Two sessions of the bridge on the fake camera. In the first the person says it hurts in the
// low back, 4 of 10, an ache: skip, gentler and stop are offered, they stop. In the second it
// is tingling: only stopping is offered, with the advice to contact a clinician, and the
// summary repeats it. Each "It hurts" must be in the session's records as the desktop writes
// it (kind `pain`, the answers, the way on, `red_flag`). One JSON line per case; exit 1 on a
// wrong one.
import puppeteer from "puppeteer-core";

const [url, y4m] = process.argv.slice(2);
let failed = 0;

async function session(name, answers, check) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${y4m}`],
    defaultViewport: { width: 1024, height: 600 },
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}?exercise=bridge&mute`, { waitUntil: "load" });
    await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.formcheck.stats().frames > 5, { timeout: 120000 });
    await page.keyboard.press("h");
    await page.waitForSelector("#hurt:not([hidden])");
    for (const [question, value] of answers) {
      await page.click(`#hurt .choices[data-question="${question}"] button[data-value="${value}"]`);
    }
    const offered = await page.$$eval("#ways-on button", (bs) => bs.map((b) => b.dataset.way));
    const flag = await page.$eval("#red-flag", (p) => (p.hidden ? "" : p.textContent));
    await page.screenshot({ path: `${process.env.SHOTS || "/tmp"}/hurt-${name}.png` });
    await page.click('#ways-on button[data-way="stop"]');
    await page.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
    const records = (await page.evaluate(() => window.formcheck.records())).map((l) => JSON.parse(l));
    const summary = await page.$eval("#summary-text", (p) => p.textContent);
    const pain = records.find((r) => r.kind === "pain");
    const end = records[records.length - 1];
    const ok = check({ offered, flag, pain, end, summary });
    if (!ok) failed++;
    console.log(JSON.stringify({ case: name, ok, offered, flag, pain, end: end?.reason, summary }));
  } catch (e) {
    failed++;
    console.log(JSON.stringify({ case: name, ok: false, why: String(e) }));
  } finally {
    await browser.close();
  }
}

await session("low-back-ache", [["where", "low_back"], ["how_bad", "4"], ["like", "ache"]],
  ({ offered, flag, pain, end }) => offered.join() === "skip,gentler,stop" && !flag &&
    pain?.location === "low_back" && pain?.severity === 4 && pain?.feels === "ache" &&
    pain?.action === "stop" && !pain?.red_flag && pain?.exercise === "bridge" &&
    end?.kind === "end");
await session("tingling", [["where", "buttock"], ["how_bad", "3"], ["like", "tingling_or_numbness"]],
  ({ offered, flag, pain, summary }) => offered.join() === "stop" &&
    flag.includes("contact your physiotherapist or doctor") && pain?.red_flag === true &&
    pain?.feels === "tingling_or_numbness" && summary.includes("contact your physiotherapist or doctor"));
process.exit(failed ? 1 : 0);
