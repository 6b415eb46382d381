// Headless Chromium as the app's tests (index.html: shell*.mjs, app-rate.mjs) open it, in one
// place:
//
//   import { launchApp } from "./launch.mjs";
//   const browser = await launchApp({ y4m, width, height });
//
// Debian's `chromium` (or $CHROMIUM), without its sandbox (CI runs as root); the camera
// permission granted and Chromium's fake camera — playing Y4M (a shared real clip, `C420`)
// when given, its own test pattern otherwise, `cameras` of them when more than one; sound
// without a click (the app's cues); WebGL2 drawn in software by SwiftShader (no GPU here; the
// app needs WebGL2); the window and the page WIDTH×HEIGHT, a touch screen with `touch`;
// `userDataDir` keeps a profile (localStorage, the store) across launches.
import puppeteer from "puppeteer-core";

export function launchApp({ y4m, width, height, cameras, touch = false, userDataDir }) {
  const fake = cameras > 1
    ? `--use-fake-device-for-media-stream=device-count=${cameras}`
    : "--use-fake-device-for-media-stream";
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    userDataDir,
    args: [
      "--no-sandbox",
      "--use-fake-ui-for-media-stream",
      fake,
      ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : []),
      "--autoplay-policy=no-user-gesture-required",
      "--enable-unsafe-swiftshader",
      "--use-angle=swiftshader",
      `--window-size=${width},${height}`,
    ],
    defaultViewport: { width, height, ...(touch ? { hasTouch: true } : {}) },
  });
}
