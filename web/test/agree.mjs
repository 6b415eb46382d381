// The browser's landmarks against the desktop's on the same pictures (issue 30):
//
//   node web/test/agree.mjs URL DIR DESKTOP.jsonl
//
// DIR holds PNG frames of a shared clip; DESKTOP.jsonl is `formcheck pose DIR --json` (each
// picture on its own: detector, crop, landmarks, no smoothing). The page (URL) finds each
// picture's landmarks with the same stages in WebAssembly and onnxruntime-web
// (window.formcheck.landmarksOf). Each landmark's distance between the two, as a share of the
// desktop pose's torso length (shoulder centre to hip centre), is pooled over every picture;
// prints one JSON line with the median, the 90th percentile and the largest.
import fs from "node:fs";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [url, dir, desktopFile] = process.argv.slice(2);
const desktop = new Map(
  fs.readFileSync(desktopFile, "utf8").trim().split("\n").map((l) => JSON.parse(l))
    .map((r) => [path.basename(r.source), r]),
);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  const shares = [];
  const pictures = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".png")).sort()) {
    const want = desktop.get(name);
    const b64 = fs.readFileSync(path.join(dir, name)).toString("base64");
    const got = await page.evaluate((b) => window.formcheck.landmarksOf(b), b64);
    if (!want?.landmarks || !got.points.length) {
      pictures.push({ name, desktop: !!want?.landmarks, browser: got.points.length > 0 });
      continue;
    }
    const L = want.landmarks;
    const mid = (a, b) => [(L[a].x + L[b].x) / 2, (L[a].y + L[b].y) / 2];
    const [sx, sy] = mid(11, 12), [hx, hy] = mid(23, 24);
    const torso = Math.hypot(sx - hx, sy - hy);
    let worst = 0;
    L.forEach((l, i) => {
      const d = Math.hypot(l.x - got.points[i * 3], l.y - got.points[i * 3 + 1]) / torso;
      shares.push(d);
      worst = Math.max(worst, d);
    });
    pictures.push({ name, torso_px: +torso.toFixed(1), worst_share: +worst.toFixed(5) });
  }
  shares.sort((a, b) => a - b);
  const q = (p) => shares[Math.min(shares.length - 1, Math.floor(p * shares.length))];
  console.log(JSON.stringify({
    pictures: pictures.length,
    compared_landmarks: shares.length,
    median_share: q(0.5), p90_share: q(0.9), max_share: shares[shares.length - 1],
    each: pictures,
  }));
} finally {
  await browser.close();
}
