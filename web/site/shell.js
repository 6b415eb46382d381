// formcheck in the browser, the desktop app's own screens: the formcheck library's egui app
// (FormcheckApp, web/src/shell.rs) draws every screen on the <canvas> and decides
// everything — safety, picker, routine, the coach, "It hurts", the summary. This file is
// the edges it cannot reach from WebAssembly: the camera (getUserMedia), the two models
// (onnxruntime-web, whose runs are promises), the voice and tones, and handing the
// session's lines on. Nothing is sent anywhere: the models and the runtime are files of
// this site, and the Content-Security-Policy forbids any other connection.
import init, * as fc from "./pkg/formcheck_web.js";
import * as ort from "./ort/ort.wasm.min.mjs";
import { openStore } from "./store.js";
import { loadOwn, keepOwnFile, removeOwnFiles } from "./own.js";
import { fetchModel, lockConnections, missingWebAssembly, modelSession, offline } from "./guard.js";

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const DONE = 0, DETECT = 1, LANDMARKS = 2, COUNT = 3;
// The largest picture handed to the pose stages (a camera's 640×480 as on the desktop).
const MAX_WIDTH = 640;

const page = {
  models: null, // { kind, detector, landmarks }
  feed: null,
  generation: null,
  stream: null,
  opening: false,
  muted: params.has("mute"),
  // Every session's lines, by file name, in the desktop's JSONL format.
  sessions: new Map(),
  // The files offered as downloads (reports, exports), by name.
  downloads: [],
  store: null,
  // Lines not stored yet, by session file name; when they were last stored.
  pending: new Map(),
  flushedAt: 0,
  stats: { frames: 0, detector_runs: 0, landmark_runs: 0, held: 0, first_pose_ms: null, opened_ms: performance.now() },
};

// For scripts and tests (docs/WEB.md).
window.formcheck = {
  state() { return JSON.parse(fc.state()); },
  // The newest session's records, one JSON string each.
  records() { const all = [...page.sessions.values()]; return all.length ? [...all[all.length - 1].lines] : []; },
  // Every session kept in this browser (and this visit's), oldest first: its id (the
  // desktop's file name without .jsonl), start time and records.
  sessions() {
    return [...page.sessions.values()].sort((a, b) => a.file_name.localeCompare(b.file_name)).map((s) => {
      let started = null;
      try { started = JSON.parse(s.lines[0]).started_at ?? null; } catch { /* not a start record */ }
      return { id: idOf(s.file_name), file_name: s.file_name, started_at: started, records: [...s.lines] };
    });
  },
  downloads() { return [...page.downloads]; },
  // The ids of every exercise the app offers: the built-in ones and the person's own.
  exercises() { return JSON.parse(fc.exercise_ids()); },
  stats() { return { ...page.stats, threads: ort.env.wasm.numThreads, isolated: self.crossOriginIsolated === true }; },
};

function problem(text) {
  $("loading").hidden = true;
  $("problem").textContent = text;
  $("problem").hidden = false;
}

// Every model file, fetched from this site once when the page opens (the service worker
// keeps a copy for use offline), so that no connection is needed afterwards.
const modelFiles = new Map();
function modelBytes(file) {
  if (!modelFiles.has(file)) {
    modelFiles.set(file, fetchModel(file));
  }
  return modelFiles.get(file);
}

// The two models, fetched from this site and checked against the manifest built into the
// program, as the desktop does.
async function loadModels(kind) {
  if (page.models?.kind === kind) return page.models;
  const files = JSON.parse(fc.model_files(kind));
  const session = async (m) => modelSession(ort, m, await modelBytes(m.file));
  page.models = { kind, detector: await session(files.detector), landmarks: await session(files.landmarks) };
  page.feed?.free();
  page.feed = new fc.Feed(kind);
  return page.models;
}

// The cameras, as the browser lists them once a camera is allowed (labels are empty before):
// handed to the app, whose Settings offer the choice; the app asks for one by its index.
// Before this site was allowed a camera the browser lists them without ids: nothing is
// handed on then (the app offers "the default camera" until they are known).
async function listCameras() {
  let cams = [];
  try { cams = (await navigator.mediaDevices?.enumerateDevices() ?? []).filter((d) => d.kind === "videoinput"); } catch { /* none */ }
  if (cams.length && !cams.some((c) => c.deviceId)) return;
  page.cameras = cams.map((c) => c.deviceId);
  fc.set_cameras(cams.map((c, i) => c.label || `Camera ${i + 1}`));
}

// The camera the app asks for (`index` into the listed cameras; 0 or none: the front
// camera). Answers the stream, and `gone` when the camera chosen in Settings is not
// connected and the first one was opened instead (the app says so; the choice is kept for
// when it is back).
async function openCamera(index) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error("This browser gives pages no camera (it needs a secure page: https:// or http://localhost).");
  }
  const want = index ?? 0;
  const video = () => ({ width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 } });
  // After a reload the page has not listed the cameras yet; a browser that allowed this
  // site before lists them with their ids now, so the chosen camera is the one opened.
  if (want > 0 && !page.cameras) await listCameras();
  const id = want > 0 ? page.cameras?.[want] : undefined;
  let stream = await getCamera(id ? { ...video(), deviceId: { exact: id } } : { ...video(), facingMode: "user" });
  if (want > 0 && !id) {
    // Not listed before the camera was allowed: they are now; the chosen one if it is there.
    await listCameras();
    const now = page.cameras?.[want];
    if (now && stream.getVideoTracks()[0]?.getSettings().deviceId !== now) {
      for (const t of stream.getTracks()) t.stop();
      stream = await getCamera({ ...video(), deviceId: { exact: now } });
    }
    return { stream, gone: !now };
  }
  return { stream, gone: false };
}

async function getCamera(video) {
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (e) {
    if (e.name === "NotAllowedError") throw new Error("The camera was refused. Allow the camera for this page in the browser's site settings (the camera icon in the address bar), then reconnect.");
    if (e.name === "NotFoundError" || e.name === "OverconstrainedError") throw new Error("No camera was found. Plug one in (or close other programs using it), then reconnect.");
    if (e.name === "NotReadableError") throw new Error("The camera is in use by another program or could not be started. Close the other program, then reconnect.");
    throw new Error(`The camera could not be opened: ${e.message}`);
  }
}

function closeSource() {
  page.presented = null;
  for (const t of page.stream?.getTracks() ?? []) t.stop();
  page.stream = null;
  const video = $("source");
  video.srcObject = null;
  if (video.src) { URL.revokeObjectURL(video.src); video.removeAttribute("src"); video.load(); }
  page.playing = false;
}

// The app's "Choose a video…": the page's own file picker. The file stays on this device:
// it is played from memory (an object URL), never uploaded.
page.videos = new Map();
function chooseVideo() {
  $("video-file").value = "";
  $("video-file").click();
}
function videoPicked() {
  const file = $("video-file").files?.[0];
  if (!file) return;
  page.videos.set(file.name.replace(/[\/\\]/g, "_"), file);
  fc.video_chosen(file.name);
}

async function openVideo(w) {
  const file = page.videos.get(w.video);
  if (!file) { fc.source_failed(`The video "${w.video}" is no longer open in this page. Choose it again.`, false); return; }
  const video = $("source");
  video.src = URL.createObjectURL(file);
  try {
    await video.play();
  } catch (e) {
    fc.source_failed(`This video cannot be played by the browser (${e.message}). Choose another file (MP4 with H.264, or WebM).`, false);
    return;
  }
  page.playing = true;
  countPresented(video);
  video.onended = () => { if (page.playing) { page.playing = false; fc.source_ended(); } };
  fc.source_opened(`video ${file.name}`);
}

// Every picture the video element shows, counted, whether or not the pose loop had time
// for it: the camera's own frame rate, which the app's placement check reports (a slow
// computer is not a dim room). Counting stops when another source opens.
function countPresented(video) {
  const token = {};
  page.presented = { token, count: 0, base: null };
  if (!video.requestVideoFrameCallback) { page.presented = null; return; }
  // presentedFrames counts every picture handed to the screen, also those whose callback
  // was missed while the page was busy.
  const tick = (_now, meta) => {
    const p = page.presented;
    if (p?.token !== token) return;
    p.base ??= meta.presentedFrames - 1;
    p.count = meta.presentedFrames - p.base;
    video.requestVideoFrameCallback(tick);
  };
  video.requestVideoFrameCallback(tick);
}

// Opens what the app's pipeline asks for (a new generation: the app restarted it).
async function openWanted(w) {
  page.opening = true;
  closeSource();
  try {
    try {
      await loadModels(w.model || "full");
      fc.model_loaded(w.model || "full", undefined);
    } catch (e) {
      fc.model_loaded(w.model || "full", `The pose model could not be loaded: ${e.message}`);
    }
    if (w.source === "video") { await openVideo(w); return; }
    let stream, gone;
    try {
      ({ stream, gone } = await openCamera(w.camera));
    } catch (e) {
      fc.source_failed(e.message, true);
      return;
    }
    page.stream = stream;
    const video = $("source");
    video.srcObject = stream;
    await video.play();
    countPresented(video);
    const track = stream.getVideoTracks()[0];
    track?.addEventListener("ended", () => {
      if (page.stream === stream) fc.source_failed("The camera stopped sending pictures (it was unplugged, or another program or the browser took it).", true);
    });
    await listCameras();
    fc.source_opened(`camera ${track?.label || "0"}`);
    if (gone) {
      fc.source_warning(`The camera chosen in Settings (camera ${w.camera}) is not connected, so ${track?.label || "the first camera"} (camera 0) is used. Plug it in and open this page again, or choose another camera in Settings.`);
    }
  } finally {
    page.opening = false;
  }
}

// One picture through the pose stages: the models run when the tracking asks for them.
async function runPose(pixels, w, h) {
  const feed = page.feed;
  let need = feed.begin(pixels, w, h);
  const { detector, landmarks } = page.models;
  if (need === DETECT) {
    page.stats.detector_runs++;
    const names = feed.detector_output_names();
    const out = await detector.run({ [detector.inputNames[0]]: new ort.Tensor("float32", feed.detector_input(), [1, 224, 224, 3]) }, names);
    need = feed.detected(out[names[0]].data, out[names[1]].data);
  }
  if (need === LANDMARKS) {
    page.stats.landmark_runs++;
    const names = feed.landmark_output_names();
    const out = await landmarks.run({ [landmarks.inputNames[0]]: new ort.Tensor("float32", feed.landmark_input(), [1, 256, 256, 3]) }, names);
    need = feed.landmarked(names.map((n) => out[n].data));
  } else {
    page.stats.held++;
  }
  // A teach recording counts the people in about one picture a second, as on the desktop.
  if (need === COUNT) {
    page.stats.people_counted = (page.stats.people_counted ?? 0) + 1;
    const names = feed.detector_output_names();
    const out = await detector.run({ [detector.inputNames[0]]: new ort.Tensor("float32", feed.detector_input(), [1, 224, 224, 3]) }, names);
    feed.counted(out[names[0]].data, out[names[1]].data);
  }
}

const grab = new OffscreenCanvas(1, 1);
const grabCtx = grab.getContext("2d", { willReadFrequently: true });

// A picture's RGBA pixels at width × height. A camera's 640×480 (or smaller) frame is copied
// straight out of the video frame (WebCodecs' VideoFrame.copyTo, converting to RGBA) with no
// <canvas> on the way; a larger picture, or a browser without that, goes through a canvas,
// which scales it. `stats().frame_path` says which was used last.
let copyWorks = typeof VideoFrame === "function";
async function pixels(video, width, height) {
  if (copyWorks && width === video.videoWidth && height === video.videoHeight) {
    let frame = null;
    try {
      frame = new VideoFrame(video);
      const rgba = new Uint8Array(width * height * 4);
      await frame.copyTo(rgba, { format: "RGBA", colorSpace: "srgb" });
      page.stats.frame_path = "videoframe";
      return rgba;
    } catch (e) {
      copyWorks = false; // this browser cannot convert: the canvas from now on
      console.warn("formcheck: frames go through a canvas", e);
    } finally {
      frame?.close();
    }
  }
  if (grab.width !== width || grab.height !== height) { grab.width = width; grab.height = height; }
  grabCtx.drawImage(video, 0, 0, width, height);
  page.stats.frame_path = "canvas";
  return grabCtx.getImageData(0, 0, width, height).data;
}

// The next picture (or a quarter second, so an ended or stalled video never stops the loop).
function nextVideoFrame(video) {
  return new Promise((resolve) => {
    setTimeout(resolve, 250);
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

// ---- voice and tones ----
let audioCtx = null;
function play(cues) {
  if (page.muted) return;
  for (const c of cues) {
    if (c.say && "speechSynthesis" in self) {
      if (speechSynthesis.speaking) continue; // stale advice is worse than none (as on the desktop)
      speechSynthesis.speak(new SpeechSynthesisUtterance(c.say));
    } else if (c.tone) {
      try {
        audioCtx ??= new AudioContext();
        const o = audioCtx.createOscillator(), g = audioCtx.createGain();
        o.frequency.value = c.tone === "rep" ? 880 : 660;
        g.gain.value = 0.15;
        o.connect(g).connect(audioCtx.destination);
        o.start();
        o.stop(audioCtx.currentTime + (c.tone === "rep" ? 0.12 : 0.35));
      } catch { /* no audio */ }
    }
  }
}

// The session lines the app wrote since the last look: kept, and appended to the store
// (store.js: the Origin Private File System, else IndexedDB) at least once a second, so a
// closed tab loses at most that second, as a kill -9 does on the desktop.
const idOf = (fileName) => fileName.replace(/\.jsonl$/, "");
function keepLines() {
  for (const s of JSON.parse(fc.take_session_lines())) {
    const kept = page.sessions.get(s.file_name) ?? { file_name: s.file_name, session_id: s.session_id, lines: [] };
    kept.lines.push(...s.lines);
    page.sessions.set(s.file_name, kept);
    const pending = page.pending.get(s.file_name) ?? [];
    pending.push(...s.lines);
    page.pending.set(s.file_name, pending);
  }
  for (const name of JSON.parse(fc.take_removed_sessions())) {
    page.sessions.delete(name);
    page.pending.delete(name);
    page.store?.remove(idOf(name)).catch((e) => console.warn("formcheck: not removed from the store", e));
  }
  const now = performance.now();
  if (page.store && page.pending.size && now - page.flushedAt >= 1000) {
    page.flushedAt = now;
    for (const [name, lines] of page.pending) {
      page.store.append(idOf(name), lines).catch((e) => { page.storeProblem = String(e.message ?? e); console.warn("formcheck: not stored", e); });
    }
    page.pending.clear();
  }
}

// The sessions kept in this browser, handed to the app before it starts: History, Progress,
// the summary's suggestions and the report read them as the desktop reads its folder.
async function loadStored() {
  try {
    page.store = await openStore(params.get("store"));
    window.formcheck.store = page.store;
    page.persisted = await page.store.persist().catch(() => null);
    fc.record_kept(page.persisted?.persisted
      ? "This browser keeps your record until you delete it."
      : "This browser may delete your record when it runs short of space (it did not promise to keep it): export it now and then to keep a copy.");
    for (const { id, text } of await page.store.list()) {
      const name = `${id}.jsonl`;
      try {
        fc.load_session(name, text);
        page.sessions.set(name, { file_name: name, session_id: "", lines: text.split("\n").filter((l) => l) });
      } catch (e) { console.warn(`formcheck: stored session ${id} left out`, e); }
    }
  } catch (e) {
    page.storeProblem = String(e.message ?? e);
    fc.record_kept(`This browser keeps no record here (${page.storeProblem}): sessions are kept only while the page is open.`);
    console.warn("formcheck: this browser keeps no record", e);
  }
}

// What the app saved: its settings are kept in this browser, and its own exercise files in
// the store (own.js, as are the ones it deleted); a report or an export is offered as a
// download (a tab has no folders to save into).
function keepWritten() {
  removeOwnFiles(page.store, JSON.parse(fc.take_removed_files()));
  for (const f of JSON.parse(fc.take_written_files())) {
    if (f.kind === "own") { keepOwnFile(page.store, fc, f); continue; }
    if (f.kind === "settings") {
      try { localStorage.setItem("formcheck.settings", f.text); } catch { /* storage full or denied: kept for this visit */ }
      continue;
    }
    const type = f.name.endsWith(".html") ? "text/html" : f.name.endsWith(".csv") ? "text/csv" : "application/json";
    download(f.name, f.text, type);
  }
}

function download(name, data, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  page.downloads.push(name);
}

// What the person asked of the page with a click in the app: a file picker ("Import
// sessions…", "Choose a video…") or an export. A browser opens a file picker only within a
// person's click or key ("user activation"), and the page's loop would come to the ask only
// after its next picture went through the models — on a busy computer seconds after the
// click, near the end of the click's activation. eframe runs the app's logic inside its own
// pointerup handler (on the document), so the page looks straight after it, in the same
// event (see main()); the loop looks too, for keys, which egui reads on its next frame.
function userAsks() {
  if (fc.video_asked()) chooseVideo();
  recordAsks();
}

// History's "Export every session (one file)" and "Import sessions…" in the browser: the
// zip of the desktop's session files (web/src/record.rs), and files read by the desktop's
// reader before anything is kept — nothing kept is overwritten.
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
function recordAsks() {
  for (const ask of JSON.parse(fc.take_record_asks())) {
    if (ask === "export_all") exportAll().catch((e) => fc.record_said(`Nothing exported: ${e.message ?? e}`));
    if (ask === "import") { $("import-file").value = ""; $("import-file").click(); }
  }
}
async function exportAll() {
  if (!page.store) { fc.record_said(`Nothing exported: this browser keeps no record here (${page.storeProblem}).`); return; }
  const list = await page.store.list();
  const name = `formcheck-sessions-${new Date().toISOString().slice(0, 10)}.zip`;
  download(name, fc.export_zip(JSON.stringify(list)), "application/zip");
  fc.record_said(`Exported ${plural(list.length, "session", "sessions")} as one file, ${name}: keep it, or unzip it into formcheck's session folder on a computer to see them there.`);
}
async function importPicked() {
  const files = [...($("import-file").files ?? [])];
  if (!files.length) return;
  if (!page.store) { fc.record_said(`Nothing imported: this browser keeps no record here (${page.storeProblem}).`); return; }
  const said = [];
  let added = 0;
  for (const f of files) {
    const got = JSON.parse(fc.import_file(f.name, new Uint8Array(await f.arrayBuffer())));
    said.push(...got.problems);
    for (const one of got.sessions) {
      const kept = await page.store.read(one.id);
      if (kept === one.text) { said.push(`${one.id}.jsonl is already kept here.`); continue; }
      if (kept !== null) { said.push(`${one.id}.jsonl was not imported: a different session of that name is kept here, and it is left as it is.`); continue; }
      try {
        if (!(await page.store.create(one.id, one.text))) continue;
      } catch (e) { said.push(`${one.id}.jsonl was not imported: ${e.message ?? e}`); continue; }
      fc.load_session(`${one.id}.jsonl`, one.text);
      page.sessions.set(`${one.id}.jsonl`, { file_name: `${one.id}.jsonl`, session_id: "", lines: one.text.split("\n").filter((l) => l) });
      added++;
      if (one.note) said.push(`${one.id}.jsonl: ${one.note}.`);
    }
  }
  fc.record_said([`Imported ${plural(added, "session", "sessions")}.`, ...said].join(" "));
}

// The page's loop: what the app wants, the next picture through the models, cues, lines.
async function loop() {
  const video = $("source");
  for (;;) {
    const w = JSON.parse(fc.wanted());
    if (!w) {
      if (page.stream) closeSource();
      page.generation = null;
    } else if (w.generation !== page.generation && !page.opening) {
      page.generation = w.generation;
      openWanted(w);
    }
    // A paused routine holds a video where it is (a camera keeps streaming).
    if (page.playing && w?.held && !video.paused) video.pause();
    if (page.playing && w && !w.held && video.paused && !video.ended) video.play().catch(() => {});
    if (page.playing) fc.video_time(video.currentTime, video.duration);
    const live = page.stream || (page.playing && !video.paused);
    const holding = w?.held && w.source === "video";
    if (live && page.feed && !page.opening && video.readyState >= 2 && !holding) {
      await nextVideoFrame(video);
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
      if (width > 0 && height > 0) {
        try {
          await runPose(await pixels(video, width, height), width, height);
          page.stats.frames++;
          if (page.stats.first_pose_ms === null && page.stats.landmark_runs > 0) page.stats.first_pose_ms = performance.now() - page.stats.opened_ms;
        } catch (e) {
          console.error(e);
        }
      }
    } else {
      await new Promise((r) => setTimeout(r, 30));
    }
    if (page.presented) fc.source_presented(page.presented.count);
    play(JSON.parse(fc.take_cues()));
    keepLines();
    keepWritten();
    userAsks();
  }
}

async function main() {
  const missing = missingWebAssembly();
  if (missing) return problem(missing);
  const gl = document.createElement("canvas").getContext("webgl2");
  if (!gl) return problem("This browser has no WebGL2, which formcheck's screens are drawn with. Turn on hardware acceleration in the browser's settings, or use a current Chrome, Edge, Firefox or Safari.");
  await init();
  ort.env.wasm.wasmPaths = new URL("./ort/", location.href).href;
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(2, navigator.hardwareConcurrency || 1) : 1;
  // ?model= for this visit only; else the app's own setting (full by default).
  const model = ["lite", "full"].includes(params.get("model")) ? params.get("model") : undefined;
  const exercise = params.get("exercise") || undefined;
  await loadStored();
  // The own exercises (own.js) before the app starts: its catalogue is loaded with them.
  await loadOwn(page.store, fc).catch((e) => console.warn("formcheck: own exercises not loaded", e));
  if (exercise && !JSON.parse(fc.exercise_ids()).includes(exercise)) {
    return problem(`There is no exercise "${exercise}". The exercises: ${JSON.parse(fc.exercise_ids()).join(", ")}.`);
  }
  navigator.mediaDevices?.addEventListener?.("devicechange", () => listCameras());
  $("video-file").addEventListener("change", videoPicked);
  $("import-file").addEventListener("change", () => importPicked().catch((e) => fc.record_said(`Nothing imported: ${e.message ?? e}`)));
  await fc.start_app("app", exercise, params.has("routine"), model, page.muted,
    localStorage.getItem("formcheck.settings") ?? undefined);
  // After eframe's own listener on the document (listeners on one target run in the order
  // they were added), so the app has seen the click when the page looks.
  document.addEventListener("pointerup", userAsks);
  $("loading").hidden = true;
  $("app").focus();
  window.formcheck.ready = true;
  // Everything the page needs is fetched now: every model file (then the service worker's
  // copy); after that no connection is needed at all.
  // The runtime's own files load with its first model, so one is made ready now too.
  const models = Promise.all(["pose_detection.onnx", "pose_landmark_lite.onnx", "pose_landmark_full.onnx"].map(modelBytes))
    .then(() => loadModels(model ?? "full"))
    .then(() => { window.formcheck.loaded = true; }, (e) => console.warn("formcheck: models not loaded yet", e));
  Promise.all([models, offline()]).then(lockConnections);
  loop();
}

main().catch((e) => problem(`formcheck could not start: ${e.message ?? e}`));
