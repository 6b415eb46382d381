// The camera's edges in headless Chromium (issue 30, item 4):
//
//   node web/test/camera.mjs URL CLIP.y4m
//
// "camera stops": the fake camera plays CLIP.y4m; mid-session its track ends (stopped over the
// DevTools protocol and its `ended` event fired, as when a camera is unplugged — Chromium's
// fake device cannot be unplugged). The page must say so, keep the session paused (no frame
// coached, no `end` record), keep it through a reconnect that fails (the camera in use), go
// on after Reconnect in the same session, and after a second stop End session must give the
// summary with the session's records ending `camera_lost`. With one camera the picker stays
// hidden.
// "two cameras": Chromium's fake device with device-count=2: the picker appears once a camera
// was allowed, the choice opens that camera, is remembered across a reload (opened before the
// browser lists the cameras again), and a remembered camera that is gone falls back to the
// default one instead of failing.
// Prints one JSON line per case; exit 1 when one is wrong.
import puppeteer from "puppeteer-core";

const [url, y4m] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
let failed = 0;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function attempt(name, fakeDevice, body) {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--use-fake-ui-for-media-stream", fakeDevice,
      "--autoplay-policy=no-user-gesture-required", "--window-size=1280,720",
      ...(y4m && name === "camera stops" ? [`--use-file-for-fake-video-capture=${y4m}`] : [])],
    defaultViewport: { width: 1280, height: 720 },
  });
  const errors = [];
  const checks = [];
  const check = (what, ok, got) => { checks.push({ what, ok: Boolean(ok), ...(ok ? {} : { got }) }); };
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    await body(page, check);
  } catch (e) {
    checks.push({ what: "ran to the end", ok: false, got: String(e) });
  } finally {
    await browser.close();
  }
  const ok = checks.every((c) => c.ok) && !errors.length;
  if (!ok) failed++;
  console.log(JSON.stringify({ case: name, ok, checks: checks.filter((c) => !c.ok), passed: checks.filter((c) => c.ok).map((c) => c.what), errors }));
}

const state = (page) => page.evaluate(() => window.formcheck.state());
const frames = (page) => page.evaluate(() => window.formcheck.stats().frames);
const pickerHidden = (page) => page.evaluate(() => document.getElementById("camera-choice").hidden);

async function open(page) {
  await page.goto(`${url}?mute`, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.state().screen === "picker" && document.querySelectorAll("#exercise-list button").length > 0);
}
// Starts the bridge on the camera and waits for `minFrames` more frames coached (the page
// counts frames over all its sessions).
async function startBridge(page, minFrames = 5) {
  const before = await frames(page);
  for (const b of await page.$$("#exercise-list button")) {
    if ((await b.evaluate((e) => e.textContent)) === "Bridge") { await b.click(); break; }
  }
  await page.waitForFunction((n) => window.formcheck.stats().frames >= n || window.formcheck.state().screen === "problem",
    { timeout: 120000 }, before + minFrames);
}
// The camera goes away: its track stops and says it ended (what an unplugged camera does).
const unplug = (page) => page.evaluate(() => {
  const track = document.getElementById("camera-video").srcObject.getVideoTracks()[0];
  track.stop();
  track.dispatchEvent(new Event("ended"));
});
const openedCamera = (page) => page.evaluate(() =>
  document.getElementById("camera-video").srcObject?.getVideoTracks()[0]?.getSettings().deviceId ?? null);
async function finish(page) {
  await page.click("#finish");
  await page.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
}

await attempt("camera stops", "--use-fake-device-for-media-stream", async (page, check) => {
  await open(page);
  check("the picker is hidden before any camera is known", await pickerHidden(page), await state(page));
  await startBridge(page, 15);
  check("coaching from the camera", (await state(page)).screen === "live", await state(page));

  await unplug(page);
  await page.waitForFunction(() => window.formcheck.state().camera_lost, { timeout: 10000 });
  const lostText = await page.evaluate(() => document.getElementById("lost").hidden ? "" : document.getElementById("lost").textContent);
  check("it says the camera stopped and the session is kept", lostText.includes("The camera stopped") && lostText.includes("session is kept"), lostText);
  const atLoss = await frames(page);
  await sleep(1500);
  check("no frame is coached while the camera is away", (await frames(page)) === atLoss, { before: atLoss, after: await frames(page) });
  let kinds = (await page.evaluate(() => window.formcheck.records())).map((l) => JSON.parse(l).kind);
  check("the session is not ended", kinds[0] === "start" && !kinds.includes("end"), kinds);

  // Reconnect while the camera is still taken by another program: the message, the session kept.
  await page.evaluate(() => {
    window.realGUM = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("busy", "NotReadableError"));
  });
  await page.click("#reconnect");
  await page.waitForFunction(() => document.getElementById("lost-status").textContent.includes("still kept"), { timeout: 10000 });
  const failedText = await page.evaluate(() => document.getElementById("lost-status").textContent);
  const s1 = await state(page);
  check("a failed reconnect says why and keeps the session", failedText.includes("in use") && s1.camera_lost && s1.screen === "live", { failedText, s1 });

  // The camera is back: Reconnect goes on in the same session.
  await page.evaluate(() => { navigator.mediaDevices.getUserMedia = window.realGUM; });
  await page.click("#reconnect");
  await page.waitForFunction((n) => !window.formcheck.state().camera_lost && window.formcheck.stats().frames > n + 10,
    { timeout: 30000 }, atLoss);
  check("after Reconnect the lost message is gone", await page.evaluate(() => document.getElementById("lost").hidden), null);
  kinds = (await page.evaluate(() => window.formcheck.records())).map((l) => JSON.parse(l).kind);
  check("the same session goes on (one start, no end)", kinds.filter((k) => k === "start").length === 1 && !kinds.includes("end"), kinds);

  // It stops again; this time End session.
  await unplug(page);
  await page.waitForFunction(() => window.formcheck.state().camera_lost, { timeout: 10000 });
  await page.click("#lost-end");
  await page.waitForFunction(() => window.formcheck.state().screen === "summary", { timeout: 30000 });
  const summary = await page.evaluate(() => document.getElementById("summary-text").textContent);
  check("the summary says the camera stopped and what was done is kept", summary.includes("The camera stopped; what you did is kept"), summary);
  const records = (await page.evaluate(() => window.formcheck.records())).map((l) => JSON.parse(l));
  const end = records.at(-1);
  check("the record ends camera_lost, in one session", end.kind === "end" && end.reason === "camera_lost"
    && records.filter((r) => r.kind === "start").length === 1, records.map((r) => r.kind));

  await page.click("#again");
  await page.waitForFunction(() => window.formcheck.state().cameras >= 1, { timeout: 10000 });
  check("with one camera (now known) the picker stays hidden", await pickerHidden(page), await state(page));
});

await attempt("two cameras", "--use-fake-device-for-media-stream=device-count=2", async (page, check) => {
  await open(page);
  await startBridge(page, 3);
  const first = await openedCamera(page);
  await finish(page);
  await page.click("#again");
  await page.waitForFunction(() => window.formcheck.state().cameras === 2, { timeout: 10000 });
  check("with two cameras the picker is shown", !(await pickerHidden(page)), await state(page));
  const options = await page.$$eval("#camera option", (os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  check("it lists the default and both cameras by name", options.length === 3 && options[0].value === ""
    && options.slice(1).every((o) => o.value && o.label), options);
  const other = options.slice(1).find((o) => o.value !== first)?.value;
  await page.select("#camera", other);
  check("the choice is remembered", (await page.evaluate(() => localStorage.getItem("formcheck.camera"))) === other, null);
  await startBridge(page, 3);
  check("the chosen camera is opened", (await openedCamera(page)) === other, { opened: await openedCamera(page), other });
  await finish(page);

  // A new visit in a new browser: the remembered camera is opened, though the browser lists
  // the cameras without ids until one is allowed again (as Chromium does; simulated here, as
  // this browser remembers the permission it gave).
  await page.evaluateOnNewDocument(() => {
    const list = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
    navigator.mediaDevices.enumerateDevices = async () => (await list())
      .map((d) => ({ kind: d.kind, deviceId: "", groupId: "", label: "" }));
  });
  await open(page);
  check("before a camera is allowed the picker is hidden", await pickerHidden(page), await state(page));
  await startBridge(page, 3);
  check("the remembered camera is opened on a new visit", (await openedCamera(page)) === other, { opened: await openedCamera(page), other });
  await finish(page);

  // A remembered camera that is gone: the default camera, not a problem screen.
  await page.evaluate(() => localStorage.setItem("formcheck.camera", "a-camera-that-was-unplugged"));
  await open(page);
  await startBridge(page, 3);
  const s = await state(page);
  check("a remembered camera that is gone gives the default camera", s.screen === "live" && (await openedCamera(page)), s);
  await finish(page);
});

process.exit(failed ? 1 : 0);
