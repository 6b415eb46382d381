// What a person meets when the camera or the video cannot be used (issue 30): each case in
// headless Chromium, the page must show its problem screen with words that name the problem
// and the way on — never hang on a blank page.
//
//   node web/test/bad.mjs URL VIDEO_FILE NOT_A_VIDEO_FILE
//
// Cases: the camera refused (no fake permission UI: headless Chromium denies), no camera at
// all (no fake device), a real video chosen from disk (it is coached), and a file that is not
// a video. Prints one JSON line per case; exit 1 when one is wrong.
import puppeteer from "puppeteer-core";

const [url, video, notVideo] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
let failed = 0;

async function attempt(name, args, act, expect) {
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", ...args] });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}?mute`, { waitUntil: "load" });
    await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("#exercise-list button").length > 0);
    await act(page);
    await page.waitForFunction(expect.until, { timeout: 120000 });
    const state = await page.evaluate(() => window.formcheck.state());
    const ok = expect.check(state);
    if (!ok) failed++;
    console.log(JSON.stringify({ case: name, ok, screen: state.screen, error: state.error, reps: state.reps }));
  } catch (e) {
    failed++;
    console.log(JSON.stringify({ case: name, ok: false, why: String(e) }));
  } finally {
    await browser.close();
  }
}

const bridge = async (page) => {
  for (const b of await page.$$("#exercise-list button")) {
    if ((await b.evaluate((e) => e.textContent)) === "Bridge") return b.click();
  }
};
const problem = (words) => ({
  until: () => window.formcheck.state().screen === "problem",
  check: (s) => s.screen === "problem" && words.every((w) => s.error.includes(w)),
});

await attempt("camera refused", ["--use-fake-device-for-media-stream", "--deny-permission-prompts"], bridge,
  problem(["camera was refused", "site settings", "video file"]));
await attempt("no camera", [], bridge, problem(["No camera was found", "video file"]));
await attempt("a video chosen from disk", [], async (page) => {
  await (await page.$("#video-file")).uploadFile(video);
  await bridge(page);
}, {
  until: () => ["summary", "problem"].includes(window.formcheck.state().screen),
  check: (s) => s.screen === "summary" && s.reps >= 1,
});
await attempt("a file that is not a video", [], async (page) => {
  await (await page.$("#video-file")).uploadFile(notVideo);
  await bridge(page);
}, problem(["cannot be played", "another file"]));
process.exit(failed ? 1 : 0);
