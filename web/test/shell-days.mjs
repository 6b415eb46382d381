// Two "days" of a patient's record in the app (index.html, issue 31), used as a patient
// would at 1024×600:
//
//   node web/test/shell-days.mjs URL CLIP.y4m SECONDS SHOT-PREFIX DOWNLOADS
//
// Day one (the page's clock set a day back): the safety screen accepted, the bridge coached
// on the fake camera for SECONDS with a pain rating of 3, End session, the summary. Day two
// (today's clock, the page reloaded): the safety screen is not asked again, another bridge with
// a rating of 2, the summary. Then History lists both days, Progress shows them, History
// exports every session (one zip) and Progress downloads the report for the physiotherapist
// into DOWNLOADS; the caller compares that report with the desktop's `formcheck report` made
// from the exported zip. Screenshots SHOT-PREFIX-*.png. Prints one JSON line
// {ok, checks, zip, report, errors}.
import fs from "node:fs";
import path from "node:path";
import { launchApp } from "./launch.mjs";

const [url, y4m, seconds, prefix, downloads] = process.argv.slice(2);
const [width, height] = [1024, 600];
const browser = await launchApp({ y4m, width, height });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [], checks = {}, result = {};
const page = await browser.newPage();
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
const state = () => page.evaluate(() => window.formcheck.state());
const screen = (name) => page.waitForFunction((n) => window.formcheck.state().screen === n, { timeout: 30000 }, name);
const shot = (name) => page.screenshot({ path: `${prefix}-${name}.png` });

// The page's clock a day back: every `Date` the page (and the app, through it) reads.
const yesterday = await page.evaluateOnNewDocument(() => {
  const Real = Date, shift = -24 * 3600 * 1000;
  class Shifted extends Real {
    constructor(...a) { if (a.length) super(...a); else super(Real.now() + shift); }
    static now() { return Real.now() + shift; }
  }
  self.Date = Shifted;
});

// One session: the bridge coached for SECONDS after the first coached frame, the pain
// rating clicked on the live view, End session clicked; the summary.
async function session(day, rating, end) {
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  await sleep(1500);
  const first = (await state()).screen;
  result[`${day}_first_screen`] = first;
  if (first === "Safety") {
    await shot(`${day}-safety`);
    await page.keyboard.press("Enter");
  }
  await page.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
  await sleep(seconds * 500);
  await shot(`${day}-live`);
  await page.mouse.click(RATING_X0 + rating * RATING_DX, RATING_Y);
  await sleep(seconds * 500);
  await page.mouse.click(width - 82, height - 38); // End session
  await screen("Summary");
  await sleep(1500);
  await page.mouse.click(END_X0 + end * END_DX, END_Y);
  await sleep(2500); // stored within a second
  await shot(`${day}-summary`);
  return page.evaluate(() => window.formcheck.records());
}
// The "Back pain now?" buttons above the picture at 1024×600 (0 … 10).
const RATING_X0 = 247, RATING_DX = 25, RATING_Y = 182;
// The summary's "Back pain now, at the end?" buttons (0 … 10).
const END_X0 = 40, END_DX = 49, END_Y = 218;
// What the report is given (the caller gives the desktop's formcheck report the same).
const NAME = "Sam Example", BY = "Jane Smith, physiotherapist";
// The History and Progress tabs at the top.
const TAB_HISTORY = 389, TAB_PROGRESS = 484;

try {
  await page.goto(url, { waitUntil: "load" });
  const one = await session("day1", 4, 3);
  await page.removeScriptToEvaluateOnNewDocument(yesterday.identifier);
  await page.reload({ waitUntil: "load" });
  const two = await session("day2", 3, 2);
  const day = (lines) => JSON.parse(lines[0]).started_at.slice(0, 10);
  result.days = [day(one), day(two)];
  checks.two_days = result.days[0] < result.days[1];
  checks.safety_once = result.day1_first_screen === "Safety" && result.day2_first_screen !== "Safety";
  const pain = (lines) => lines.map((l) => JSON.parse(l)).filter((r) => r.kind === "pain_rating").map((r) => r.rating);
  const kept = await page.evaluate(() => window.formcheck.sessions());
  const again = (lines) => kept.find((k) => k.records[0] === lines[0])?.records ?? [];
  result.pain = [pain(again(one)), pain(again(two))];
  checks.pain_rated = JSON.stringify(result.pain) === "[[4,3],[3,2]]";
  checks.both_kept = again(one).length >= one.length && again(two).length >= two.length;
  await page.mouse.click(TAB_HISTORY, 27);
  await screen("History");
  await sleep(2000);
  await shot("history");
  await page.mouse.click(TAB_PROGRESS, 27);
  await screen("Progress");
  await sleep(2000);
  await shot("progress");
  // The record moved and the report for the physiotherapist, as downloads.
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: path.resolve(downloads) });
  const downloaded = async (suffix) => {
    await page.waitForFunction((x) => window.formcheck.downloads().some((n) => n.endsWith(x)), { timeout: 30000 }, suffix);
    const name = (await page.evaluate(() => window.formcheck.downloads())).find((n) => n.endsWith(suffix));
    const file = path.join(downloads, name);
    for (let i = 0; i < 50 && !fs.existsSync(file); i++) await sleep(200);
    return file;
  };
  await page.mouse.click(155, 177); // Report for my physiotherapist
  await sleep(1500);
  // Asked once: the patient's name and who set the programme.
  await page.mouse.click(225, 299);
  await page.keyboard.type(NAME);
  await page.mouse.click(225, 381);
  await page.keyboard.type(BY);
  await sleep(500);
  await shot("progress-report");
  await page.mouse.click(100, 430); // Make the report
  result.report = await downloaded(".html");
  await page.mouse.click(TAB_HISTORY, 27);
  await screen("History");
  await sleep(1500);
  await page.mouse.click(154, 171); // Export every session (one file)
  result.zip = await downloaded(".zip");
  await sleep(1500);
  await shot("history-exported");
  checks.downloaded = fs.existsSync(result.report) && fs.existsSync(result.zip);
} catch (e) {
  errors.push(e.stack ?? String(e));
}
const ok = Object.values(checks).every(Boolean) && !errors.length;
console.log(JSON.stringify({ ok, checks, ...result, errors }));
await browser.close();
process.exit(ok ? 0 : 1);
