// The app's (index.html) coached frame rate from the fake camera and what drawing costs, for
// A/B runs of a change to the drawing (benches/RESULTS.md):
//
//   node web/test/app-rate.mjs URL CLIP.y4m [WIDTHxHEIGHT] [WINDOW-SECONDS]
//
// Over WINDOW seconds (after 3 s of warm-up past the first coached frame): frames coached a
// second, screens painted a second (animation frames in which WebGL drew), the CPU each Chromium process
// type used (from /proc: the GPU process is where WebGL is drawn, in software here) and so
// its milliseconds per painted screen, and what the camera delivered. One JSON line.
import { launchApp } from "./launch.mjs";
import fs from "node:fs";
function cpu(root) {
  const procs = new Map();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      procs.set(Number(pid), { ppid: Number(f[1]), secs: (Number(f[11]) + Number(f[12])) / 100,
        type: (cmd.match(/--type=([a-z-]+)/) ?? [null, "browser"])[1] });
    } catch { /* gone */ }
  }
  // Only this browser's processes (another Chromium may be running beside it).
  const ours = (pid) => { for (let p = pid, n = 0; p > 1 && n < 20; p = procs.get(p)?.ppid ?? 0, n++) if (p === root) return true; return false; };
  const out = {};
  for (const [pid, p] of procs) if (ours(pid)) out[p.type] = (out[p.type] ?? 0) + p.secs;
  return out;
}
const [url, y4m, size = "1280x720", windowS = "15"] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const browser = await launchApp({ y4m, width, height });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const page = await browser.newPage();
await page.evaluateOnNewDocument(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__paint = { n: 0, ms: 0 };
  // A screen painted: an animation frame in which WebGL drew (egui skips the frames with
  // nothing new).
  let drew = false;
  const draw = WebGL2RenderingContext.prototype.drawElements;
  WebGL2RenderingContext.prototype.drawElements = function (...a) { drew = true; return draw.apply(this, a); };
  window.requestAnimationFrame = (cb) => raf((t) => {
    const s = performance.now();
    drew = false;
    cb(t);
    if (drew) { window.__paint.n++; window.__paint.ms += performance.now() - s; }
  });
});
await page.goto(url, { waitUntil: "load" });
await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
await sleep(1000);
await page.keyboard.press("Enter");
await page.waitForFunction(() => window.formcheck.stats().frames > 0, { timeout: 120000 });
await sleep(3000);
const a = await page.evaluate(() => ({ ...window.formcheck.stats(), t: performance.now(), paints: window.__paint.n, paint_ms: window.__paint.ms }));
const c0 = cpu(browser.process().pid);
await sleep(Number(windowS) * 1000);
const c1 = cpu(browser.process().pid);
const b = await page.evaluate(() => ({ ...window.formcheck.stats(), t: performance.now(), paints: window.__paint.n, paint_ms: window.__paint.ms }));
const secs = (b.t - a.t) / 1000;
console.log(JSON.stringify({ size, fps: +((b.frames - a.frames) / secs).toFixed(1),
  paints_per_s: b.paints === null ? null : +((b.paints - a.paints) / secs).toFixed(1),
  gpu_ms_per_paint: +(1000 * ((c1['gpu-process'] ?? 0) - (c0['gpu-process'] ?? 0)) / Math.max(1, b.paints - a.paints)).toFixed(0), cpu_share: Object.fromEntries(Object.keys(c1).map((k) => [k, +(((c1[k] - (c0[k] ?? 0)) / secs)).toFixed(2)])), landmark_runs: b.landmark_runs - a.landmark_runs, held: b.held - a.held, state: await page.evaluate(() => window.formcheck.state().screen) }));
await browser.close();
