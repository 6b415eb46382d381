// The app's camera choice (index.html) with two cameras, used as a person would:
//
//   node web/test/shell-cameras.mjs URL SHOT-PREFIX
//
// Chromium's fake device with device-count=2 (two cameras, fake_device_0 and _1). The app
// opens, the safety screen is accepted, and in the app's Settings the second camera is
// chosen by clicking (the device list, then its name): the page must open that device (the
// track's deviceId and label). The page is reloaded: the choice, kept with the app's
// settings in this browser, opens the second camera again — and only it (every
// getUserMedia call is listed). Then the same browser profile is opened with one camera:
// the remembered camera is gone, so the first one is opened and the app says so in words,
// without a problem screen or an error. Screenshots: SHOT-PREFIX-{menu,chosen,reloaded,gone}.png.
// Prints one JSON line {ok, checks, opened, errors}.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "./launch.mjs";

const [url, prefix] = process.argv.slice(2);
const [width, height] = [1280, 720];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "formcheck-cameras-"));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [], checks = {}, opened = {};
let current = null; // the browser running now, closed whatever happens

// A browser with `count` fake cameras, on the one profile (its localStorage is the app's
// settings); every getUserMedia call is noted with what it opened.
async function launch(count) {
  const browser = await launchApp({ width, height, cameras: count, userDataDir: profile });
  current = browser;
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.evaluateOnNewDocument(() => {
    window.cameraCalls = [];
    const md = navigator.mediaDevices;
    const get = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const stream = await get(c);
      window.cameraCalls.push({ asked: JSON.stringify(c.video), label: stream.getVideoTracks()[0]?.label });
      return stream;
    };
  });
  return { browser, page };
}

// The app opened, the safety screen accepted (when it is shown), the camera running.
async function open(page) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  await sleep(1000);
  if ((await page.evaluate(() => window.formcheck.state().screen)) === "Safety") await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.state().source === "Running"
    && document.getElementById("source").srcObject?.getVideoTracks()[0], { timeout: 60000 });
}
const track = (page) => page.evaluate(() => {
  const t = document.getElementById("source").srcObject?.getVideoTracks()[0];
  return t ? { deviceId: t.getSettings().deviceId, label: t.label, live: t.readyState === "live" } : null;
});
const cameras = (page) => page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
  .filter((d) => d.kind === "videoinput").map((d) => ({ deviceId: d.deviceId, label: d.label })));

try {
  // Two cameras: the second chosen in Settings.
  let { browser, page } = await launch(2);
  await open(page);
  const cams = await cameras(page);
  checks.two_cameras_listed = cams.length === 2 && cams.every((c) => c.deviceId && c.label);
  opened.first_visit = await track(page);
  checks.first_visit_opens_the_first = opened.first_visit?.deviceId === cams[0]?.deviceId;
  await page.mouse.click(770, 27); // Settings
  await page.waitForFunction(() => window.formcheck.state().screen === "Settings", { timeout: 20000 });
  await sleep(1000);
  await page.mouse.click(380, 154); // the camera's device list
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-menu.png` });
  await page.mouse.click(373, 249); // its second line: the second camera
  await page.waitForFunction((id) => document.getElementById("source").srcObject?.getVideoTracks()[0]?.getSettings().deviceId === id
    && window.formcheck.state().source === "Running", { timeout: 30000 }, cams[1]?.deviceId).catch(() => {});
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-chosen.png` });
  opened.chosen = await track(page);
  checks.chosen_camera_opened = opened.chosen?.deviceId === cams[1]?.deviceId && opened.chosen?.label === cams[1]?.label
    && opened.chosen.live;
  checks.app_names_it = ((await page.evaluate(() => window.formcheck.state().opened)) ?? "").includes(cams[1]?.label);
  const kept = await page.evaluate(() => localStorage.getItem("formcheck.settings") ?? "");
  checks.choice_kept_in_settings = /^camera_index = 1$/m.test(kept) && kept.includes(cams[1]?.label);

  // A reload: the kept choice opens the second camera again, and no other before it.
  await page.reload({ waitUntil: "load" });
  await open(page);
  await sleep(1000);
  opened.reloaded = await track(page);
  opened.reload_calls = await page.evaluate(() => window.cameraCalls);
  checks.reload_opens_the_second = opened.reloaded?.deviceId === cams[1]?.deviceId;
  checks.reload_opens_only_it = opened.reload_calls.length === 1 && opened.reload_calls[0].label === cams[1]?.label;
  await page.screenshot({ path: `${prefix}-reloaded.png` });
  await browser.close();

  // The same browser with one camera: the remembered one is gone.
  ({ browser, page } = await launch(1));
  await open(page);
  await page.waitForFunction(() => window.formcheck.state().notice, { timeout: 10000 }).catch(() => {});
  await sleep(1500);
  const state = await page.evaluate(() => window.formcheck.state());
  opened.gone = await track(page);
  opened.gone_notice = state.notice;
  checks.gone_falls_back_to_the_first = opened.gone?.label === "fake_device_0" && opened.gone.live
    && state.source === "Running" && state.screen === "Live";
  checks.gone_said = /camera chosen in Settings \(camera 1\) is not connected, so fake_device_0 \(camera 0\) is used/.test(state.notice ?? "")
    && (state.notice ?? "").includes("fake_device_0");
  await page.screenshot({ path: `${prefix}-gone.png` });
  await browser.close();
} catch (e) {
  errors.push(e.stack ?? String(e));
} finally {
  await current?.close().catch(() => {});
}
fs.rmSync(profile, { recursive: true, force: true });
const ok = Object.keys(checks).length >= 9 && Object.values(checks).every(Boolean) && !errors.length;
console.log(JSON.stringify({ ok, checks, opened, errors }));
process.exit(ok ? 0 : 1);
