// The camera stops in the middle of a session on the app's own screens (index.html):
//
//   node web/test/shell-camera.mjs URL CLIP.y4m CLIP.mp4 SHOT-PREFIX
//
// The exercise is coached until frames arrive, then the camera's track is stopped over the
// DevTools protocol (and its `ended` event fired, as an unplugged camera fires it). The app
// must say the camera is lost and keep the session (no `end` record); Reconnect (clicked as
// a person would) coaches again, the same session. The camera stops again, and "Choose a
// video…" opens the page's file picker: the chosen video (CLIP.mp4, from disk) is coached
// to its end, still the same session. Prints one JSON line {ok, checks, errors}.
import { launchApp } from "./launch.mjs";

const [url, y4m, mp4, prefix] = process.argv.slice(2);
const [width, height] = [1280, 720];
// A touch screen (a tablet on a chair): Resume is tapped, not clicked.
const browser = await launchApp({ y4m, width, height, touch: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [], checks = {};
const page = await browser.newPage();
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
try {
  // The test answers the page's file picker through DevTools' interception, switched on now,
  // long before the click: switched on together with the click (waitForFileChooser does),
  // Chromium sometimes opened the picker first, and it was cancelled unseen (the input's
  // "cancel" event came) — the test missing a picker the page had opened.
  await page.waitForFileChooser({ timeout: 1000 }).catch(() => {});
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.stats().frames > 5, { timeout: 120000 });
  const unplug = () => page.evaluate(() => {
    const track = document.getElementById("source").srcObject.getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event("ended"));
  });
  const ids = () => page.evaluate(() => [...new Set(window.formcheck.records().map((l) => JSON.parse(l)).filter((r) => r.kind === "start").map((r) => r.session_id))]);
  await unplug();
  await page.waitForFunction(() => window.formcheck.state().source === "CameraLost", { timeout: 20000 });
  checks.lost_said = true;
  await sleep(1500);
  await page.screenshot({ path: `${prefix}-lost.png` });
  const records = await page.evaluate(() => window.formcheck.records());
  checks.session_kept = records.length > 0 && !records.some((l) => JSON.parse(l).kind === "end");
  // Reconnect, as a person clicks it: frames are coached again, in the same session.
  const before = await page.evaluate(() => window.formcheck.stats().frames);
  await page.mouse.click(97, 381);
  await page.waitForFunction((n) => window.formcheck.stats().frames > n + 5, { timeout: 60000 }, before);
  checks.reconnected = (await page.evaluate(() => window.formcheck.state().source)) !== "CameraLost";
  // The camera stops again; this time a video from disk goes on.
  await unplug();
  await page.waitForFunction(() => window.formcheck.state().source === "CameraLost", { timeout: 20000 });
  await sleep(800);
  // One click opens the picker, inside the click's own event (as "Import sessions…").
  await page.evaluate(() => {
    window.pickerOpenedIn = [];
    const click = HTMLInputElement.prototype.click;
    HTMLInputElement.prototype.click = function () {
      if (this.type === "file") window.pickerOpenedIn.push(window.event?.type ?? "no event (the page's loop)");
      return click.call(this);
    };
  });
  const [chooser] = await Promise.all([page.waitForFileChooser({ timeout: 15000 }), page.mouse.click(98, 449)]);
  checks.video_picker_in_the_click = (await page.evaluate(() => window.pickerOpenedIn))[0] === "pointerup";
  await chooser.accept([mp4]);
  await page.waitForFunction(() => window.formcheck.state().source === "Running", { timeout: 30000 });
  checks.video_opened = true;
  // The session stayed paused while the camera was away: Resume, tapped with a finger.
  await sleep(1000);
  await page.touchscreen.tap(926, 682);
  await sleep(4000);
  await page.screenshot({ path: `${prefix}-video.png` });
  await page.waitForFunction(() => ["Ended", "Missing"].includes(window.formcheck.state().source) || window.formcheck.state().screen === "Summary", { timeout: 120000 });
  await sleep(1500);
  await page.screenshot({ path: `${prefix}-video-end.png` });
  const recs = await page.evaluate(() => window.formcheck.records().map((l) => JSON.parse(l)));
  checks.one_session = (await ids()).length === 1;
  checks.video_counted = recs.filter((r) => r.kind === "rep").length >= 1;
  checks.ended_after_video = recs.at(-1)?.kind === "end";
} catch (e) {
  errors.push(e.stack ?? String(e));
}
const ok = Object.values(checks).every(Boolean) && Object.keys(checks).length >= 2 && !errors.length;
console.log(JSON.stringify({ ok, checks, errors }));
await browser.close();
process.exit(ok ? 0 : 1);
