// The person's own exercises in the app's own screens (index.html), kept in the browser, and
// teach from a video chosen from disk (issues 30 and 31):
//
//   node web/test/shell-own.mjs URL CAMERA.y4m CLIP.mp4 SHOT-PREFIX
//
// The safety screen is accepted, "Teach an exercise…" is clicked in the picker, then "Teach
// from a video…": the page's file picker is given CLIP.mp4 (a real shared clip), which plays
// as the pipeline's source from its start to its end and is taught (its people counted by the
// page's detector, as the desktop counts them). The result is named "Bridge at home" and
// saved; the file must be in the browser's store. "Add to my routine": the routine is kept in
// the store with it last. The page is reloaded: the exercise must be in the picker (the
// dropdown is opened and shot) and is chosen and practised on the fake camera (CAMERA.y4m).
// Edit: its reps typed over and saved, the stored file changed. Then Delete, with the
// desktop's question: "Keep it" keeps the file, "Delete it" deletes it from the store and
// from the routine. Last, IndexedDB's own namespace, and its upgrade from a database made
// before it. Prints one JSON line {ok, checks, figures, errors}. Screenshots:
// SHOT-PREFIX-reading.png, -taught.png, -saved.png, -routine.png, -picker.png, -chosen.png,
// -practised.png, -edit.png, -delete.png.
import { launchApp } from "./launch.mjs";

const [url, y4m, mp4, prefix] = process.argv.slice(2);
const [width, height] = [1280, 1000];
const browser = await launchApp({ y4m, width, height });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errors = [], checks = {}, figures = {};
const page = await browser.newPage();
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
const state = () => page.evaluate(() => window.formcheck.state());
const opened = async () => {
  await page.waitForFunction(() => window.formcheck?.ready || !document.getElementById("problem").hidden, { timeout: 60000 });
  const problem = await page.evaluate(() => document.getElementById("problem").hidden ? null : document.getElementById("problem").textContent);
  if (problem) throw new Error(`the page shows a problem: ${problem}`);
  await sleep(1000);
  if ((await state()).screen === "Safety") await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.formcheck.state().screen === "Live", { timeout: 20000 });
  await sleep(1000);
};
// A click that opens the page's file picker; clicked again (up to 3 times) when a loaded
// machine lets the click's activation lapse before the page opens its picker.
const choose = async (x, y, file) => {
  for (let i = 0; i < 3; i++) {
    const [chooser] = await Promise.all([page.waitForFileChooser({ timeout: 6000 }).catch(() => null), page.mouse.click(x, y)]);
    if (chooser) { await chooser.accept([file]); figures.picker_clicks = i + 1; return; }
  }
  throw new Error("the page's file picker did not open");
};
try {
  await page.goto(url, { waitUntil: "load" });
  await opened();
  // The picker's "Teach an exercise…", then "Teach from a video…" on the teach screen.
  await page.mouse.click(978, 548);
  await page.waitForFunction(() => window.formcheck.state().screen === "Teach", { timeout: 10000 });
  await sleep(800);
  await choose(172, 366, mp4);
  await page.waitForFunction(() => window.formcheck.state().source === "Running" && window.formcheck.stats().people_counted > 0, { timeout: 30000 });
  await sleep(2500);
  await page.screenshot({ path: `${prefix}-reading.png` });
  const t0 = Date.now();
  await page.waitForFunction(() => window.formcheck.state().teach_result, { timeout: 120000 });
  figures.teach_secs = Math.round((Date.now() - t0) / 100) / 10;
  figures.people_counted = (await page.evaluate(() => window.formcheck.stats())).people_counted;
  checks.taught = true;
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-taught.png` });
  // The name, typed as a person types it, then Save.
  await page.mouse.click(148, 487);
  await page.keyboard.type("Bridge at home");
  await sleep(300);
  await page.mouse.click(50, 790);
  await page.waitForFunction(async () => (await window.formcheck.store.ownList()).some((f) => f.name === "bridge_at_home.toml"), { timeout: 20000 });
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-saved.png` });
  const kept = (await page.evaluate(() => window.formcheck.store.ownList())).find((f) => f.name === "bridge_at_home.toml");
  checks.kept_in_store = /name = "Bridge at home"/.test(kept.text) && /\[\[phase\]\]/.test(kept.text);
  figures.store = await page.evaluate(() => window.formcheck.store.kind);
  figures.file_bytes = kept.text.length;
  // "Add to my routine": the routine, made from the guide's, kept in the store with the
  // exercise last.
  const routine = () => page.evaluate(async () => (await window.formcheck.store.ownList()).find((f) => f.name === "routine.toml")?.text ?? "");
  await page.mouse.click(102, 862);
  await page.waitForFunction(async () => (await window.formcheck.store.ownList()).some((f) => f.name === "routine.toml"), { timeout: 10000 });
  await sleep(800);
  await page.screenshot({ path: `${prefix}-routine.png` });
  checks.added_to_routine = /"childs_pose",\s*"bridge_at_home",?\s*\]/.test(await routine());

  // A new visit: the exercise is loaded from the store before the app starts.
  await page.reload({ waitUntil: "load" });
  await opened();
  checks.in_catalogue = (await page.evaluate(() => window.formcheck.exercises())).includes("bridge_at_home");
  // The free-practice dropdown opened: the own exercise is among them.
  await page.mouse.click(935, 292);
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-picker.png` });
  await page.mouse.click(1000, 387);
  await sleep(800);
  await page.screenshot({ path: `${prefix}-chosen.png` });
  // "Practise this exercise", on the fake camera.
  await page.mouse.click(982, 500);
  await page.waitForFunction(() => window.formcheck.state().exercise === "bridge_at_home", { timeout: 20000 });
  const before = await page.evaluate(() => window.formcheck.stats().frames);
  await page.waitForFunction((n) => window.formcheck.stats().frames > n + 20, { timeout: 60000 }, before);
  await sleep(2000);
  await page.screenshot({ path: `${prefix}-practised.png` });
  const s = await state();
  figures.practised = { exercise: s.exercise, name: s.name, screen: s.screen, source: s.source };
  figures.practised.reps = s.reps;
  checks.practised = s.exercise === "bridge_at_home" && s.name === "Bridge at home" && s.screen === "Live";
  // End session, back to the exercises, and Delete: the desktop's question first.
  await page.mouse.click(1198, 962);
  await page.waitForFunction(() => window.formcheck.state().screen === "Summary", { timeout: 30000 });
  await sleep(1000);
  await page.mouse.click(207, 27);
  await sleep(1500);
  const ownFiles = () => page.evaluate(async () => (await window.formcheck.store.ownList()).map((f) => f.name));
  // Edit: the reps typed over (10 → 8) and saved; the file in the store says so, its
  // comments kept.
  const ownText = () => page.evaluate(async () => (await window.formcheck.store.ownList()).find((f) => f.name === "bridge_at_home.toml")?.text ?? "");
  await page.mouse.click(1130, 499);
  await sleep(1500);
  await page.mouse.click(423, 461, { clickCount: 3 });
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.type("8");
  await sleep(300);
  await page.screenshot({ path: `${prefix}-edit.png` });
  await page.mouse.click(378, 694); // Save
  await sleep(1500);
  const edited = await ownText();
  checks.edited = /^reps = 8$/m.test(edited) && edited.includes("# Edit freely");
  await page.mouse.click(1216, 499);
  await sleep(1000);
  await page.screenshot({ path: `${prefix}-delete.png` });
  await page.mouse.click(506, 551); // Keep it
  await sleep(1500);
  checks.kept_on_keep = (await ownFiles()).includes("bridge_at_home.toml");
  await page.mouse.click(1216, 499);
  await sleep(1000);
  await page.mouse.click(399, 551); // Delete it
  await page.waitForFunction(async () => !(await window.formcheck.store.ownList()).some((f) => f.name === "bridge_at_home.toml"), { timeout: 10000 });
  checks.deleted = !(await page.evaluate(() => window.formcheck.exercises())).includes("bridge_at_home");
  checks.out_of_routine = !(await routine()).includes("bridge_at_home");
} catch (e) {
  errors.push(e.stack ?? String(e));
  await page.screenshot({ path: `${prefix}-failed.png` }).catch(() => {});
}
// IndexedDB (?store=idb), in a fresh profile whose database is the version before the own
// exercises (1, sessions and settings only): its session is kept by the upgrade, and the own
// namespace keeps, lists and deletes files, refusing a name that is not a plain *.toml.
try {
  const context = await browser.createBrowserContext();
  const idb = await context.newPage();
  idb.on("pageerror", (e) => errors.push(String(e)));
  await idb.goto(new URL("style.css", url).href);
  await idb.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.open("formcheck", 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore("sessions", { keyPath: "id" });
      r.result.createObjectStore("settings");
    };
    r.onsuccess = () => {
      const t = r.result.transaction("sessions", "readwrite");
      t.objectStore("sessions").put({ id: "20261207-101500-1a2b3c4d", text: "{}\n" });
      t.oncomplete = () => { r.result.close(); resolve(); };
    };
    r.onerror = () => reject(r.error);
  }));
  await idb.goto(new URL("?store=idb&mute", url).href, { waitUntil: "load" });
  await idb.waitForFunction(() => window.formcheck?.ready, { timeout: 60000 });
  const r = await idb.evaluate(async () => {
    const store = window.formcheck.store;
    const kept = (await store.list()).map((x) => x.id);
    await store.ownWrite("my_stretch.toml", "id = 1");
    await store.ownWrite("my_stretch.toml", "id = 2");
    const listed = await store.ownList();
    const refused = await store.ownWrite("../x.toml", "x").then(() => false, () => true);
    await store.ownRemove("my_stretch.toml");
    return { kind: store.kind, kept, listed, refused, after: (await store.ownList()).length };
  });
  figures.idb = r;
  checks.idb = r.kind === "indexeddb" && r.kept.includes("20261207-101500-1a2b3c4d") && r.listed.length === 1
    && r.listed[0].text === "id = 2" && r.refused && r.after === 0;
  await context.close();
} catch (e) {
  errors.push(e.stack ?? String(e));
}
const ok = Object.values(checks).every(Boolean) && Object.keys(checks).length >= 10 && !errors.length;
console.log(JSON.stringify({ ok, checks, figures, errors }));
await browser.close();
process.exit(ok ? 0 : 1);
