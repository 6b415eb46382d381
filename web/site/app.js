// formcheck in the browser: the page's edges. Everything that decides (the pose stages, the
// tracking, the coach, the session record) is the formcheck library compiled to WebAssembly
// (pkg/formcheck_web.js, web/src/lib.rs); this file brings it pictures from the camera or a
// video file, runs the two models in onnxruntime-web when the tracking asks for them, and
// shows and speaks what the coach says. Nothing is sent anywhere: the models and the runtime
// are files of this site, and the Content-Security-Policy in simple.html forbids any other
// connection.
import init, { Coach, exercises, model_files, session_name } from "./pkg/formcheck_web.js";
import * as ort from "./ort/ort.wasm.min.mjs";
import { openStore } from "./store.js";
import * as record from "./record.js";
import { fetchModel, lockConnections, missingWebAssembly, modelSession, offline } from "./guard.js";

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const DONE = 0, DETECT = 1, LANDMARKS = 2;
// The largest picture handed to the pose stages (a camera's 640×480 as on the desktop).
const MAX_WIDTH = 640;

const app = {
  screen: "safety",
  coach: null,
  lastRecords: [],
  models: null,
  // The full landmark model by default, as on the desktop (its real-clip table is counted with
  // it); ?model=lite for a slower computer.
  modelKind: params.get("model") === "lite" ? "lite" : "full",
  muted: params.has("mute"),
  running: false,
  paused: false,
  redFlag: null,
  stream: null,
  // The record on this device (store.js) and the session being written into it.
  store: null,
  sessionId: null,
  written: 0,
  settings: {},
  stats: { frames: 0, detector_runs: 0, landmark_runs: 0, held: 0, model_ms: [], first_pose_ms: null, opened_ms: performance.now() },
  error: null,
};

// For scripts and tests (docs/WEB.md): what is on screen, and the session's records in the
// desktop's JSONL format.
window.formcheck = {
  state() {
    const s = app.coach ? JSON.parse(app.coach.state()) : {};
    return { screen: app.screen, error: app.error, camera_lost: Boolean(app.lost), cameras: app.cameras ?? 0, ...s };
  },
  records() {
    return app.coach ? app.coach.records() : app.lastRecords;
  },
  // The sessions stored on this device, oldest first: [{id, started_at, records}] (docs/WEB.md).
  async sessions() {
    await app.storeReady;
    return record.sessions(app.store);
  },
  stats() {
    const ms = [...app.stats.model_ms].sort((a, b) => a - b);
    return { ...app.stats, model_ms: undefined, landmark_p50_ms: ms.length ? ms[ms.length >> 1] : null,
      threads: ort.env.wasm.numThreads, isolated: self.crossOriginIsolated === true, model: app.modelKind };
  },
};

function show(screen) {
  app.screen = screen;
  for (const s of document.querySelectorAll(".screen")) s.hidden = s.id !== screen;
}

function problem(text) {
  app.error = text;
  $("problem-text").textContent = text;
  show("problem");
}

// The two models, fetched from this site once and checked against the manifest built into
// the program, as the desktop does.
function loadModels() {
  app.modelsLoading ??= loadModelFiles().catch((e) => { app.modelsLoading = null; throw e; });
  return app.modelsLoading;
}
async function loadModelFiles() {
  const files = JSON.parse(model_files(app.modelKind));
  const session = async (m) => modelSession(ort, m, await fetchModel(m.file));
  app.models = { detector: await session(files.detector), landmarks: await session(files.landmarks) };
  return app.models;
}

// ---- the camera: which one (remembered), opening it, and losing it mid-session ----
// The camera chosen in the picker is remembered in this browser (localStorage); with none
// chosen the front camera is asked for (facingMode "user"). A remembered camera that is
// gone is replaced by the front one, not refused.
const CAMERA_KEY = "formcheck.camera";
function storedCamera() {
  try { return localStorage.getItem(CAMERA_KEY) ?? ""; } catch { return ""; }
}
function storeCamera(deviceId) {
  try { localStorage.setItem(CAMERA_KEY, deviceId); } catch { /* storage off: not remembered */ }
}
// The camera to open: the picker's choice when it lists cameras, else the remembered one
// (browsers list cameras only once one was allowed, but their ids stay valid).
function cameraChoice() {
  const sel = $("camera");
  return sel.options.length > 1 ? sel.value : storedCamera();
}

async function openCamera(deviceId) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error("This browser gives pages no camera (it needs a secure page: https:// or http://localhost). Open formcheck from localhost or an https address, or choose a video file.");
  }
  const video = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 } };
  if (deviceId) video.deviceId = { exact: deviceId }; else video.facingMode = "user";
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (e) {
    if (deviceId && (e.name === "OverconstrainedError" || e.name === "NotFoundError")) return openCamera(undefined);
    if (e.name === "NotAllowedError") throw new Error("The camera was refused. Allow the camera for this page in the browser's site settings (the camera icon in the address bar), then choose the exercise again — or choose a video file.");
    if (e.name === "NotFoundError" || e.name === "OverconstrainedError") throw new Error("No camera was found. Plug one in (or close other programs using it) and choose the exercise again — or choose a video file.");
    if (e.name === "NotReadableError") throw new Error("The camera is in use by another program or could not be started. Close the other program and try again.");
    throw new Error(`The camera could not be opened: ${e.message}`);
  }
}

// The picker's camera list: shown only when there is a choice to make (two cameras or more).
// Before a camera was first allowed, browsers give no ids or names, so it is filled again
// once one is open, and whenever a camera is plugged in or out.
async function listCameras() {
  const sel = $("camera");
  let cams = [];
  try {
    cams = (await navigator.mediaDevices?.enumerateDevices() ?? []).filter((d) => d.kind === "videoinput" && d.deviceId);
  } catch { /* none listed */ }
  sel.textContent = "";
  sel.add(new Option("the front camera (default)", ""));
  cams.forEach((c, i) => sel.add(new Option(c.label || `Camera ${i + 1}`, c.deviceId)));
  const saved = storedCamera();
  sel.value = cams.some((c) => c.deviceId === saved) ? saved : "";
  $("camera-choice").hidden = cams.length < 2;
  app.cameras = cams.length;
}

// Watches a camera's stream: a track that ends by itself (unplugged, taken by another
// program, the browser's permission withdrawn) pauses the session instead of ending it.
function watchCamera(stream) {
  for (const track of stream.getVideoTracks()) {
    track.addEventListener("ended", () => { if (app.running && app.stream === stream) cameraLost(); });
  }
}

// The camera stopped mid-session: the session is kept and paused (its clock too, so a hold
// does not count the gap) until Reconnect (the same camera, or the front one if it is gone)
// or End session, as on the desktop.
function cameraLost() {
  if (app.lost) return;
  let decide;
  app.lost = { decided: new Promise((resolve) => { decide = resolve; }), decide };
  $("lost-status").textContent = "";
  $("lost").hidden = false;
  $("reconnect").focus();
  say("The camera stopped.", true);
  app.wakeFrame?.(); // the loop's wait for a frame returns
}
async function reconnect() {
  const lost = app.lost;
  if (!lost || lost.busy) return;
  lost.busy = true;
  $("lost-status").textContent = "Opening the camera…";
  try {
    const stream = await openCamera(app.cameraId);
    if (app.lost !== lost) { stream.getTracks().forEach((t) => t.stop()); return; } // ended meanwhile
    app.stream?.getTracks().forEach((t) => t.stop());
    app.stream = stream;
    watchCamera(stream);
    video.srcObject = stream;
    await video.play();
  } catch (e) {
    $("lost-status").textContent = `${e.message ?? e} Your session is still kept.`;
    lost.busy = false;
    return;
  }
  $("lost").hidden = true;
  lost.decide(true);
  listCameras();
}
function endAfterCameraLost() {
  if (!app.lost) return;
  $("lost").hidden = true;
  app.lost.decide(false);
}

// ---- speech and tones (switchable, as on the desktop) ----
let lastSpoken = "", lastSpokenAt = 0, audioCtx = null;
function say(text, force = false) {
  if (app.muted || !text || !("speechSynthesis" in self)) return;
  const now = performance.now();
  if (!force && (text === lastSpoken || now - lastSpokenAt < 3000)) return;
  lastSpoken = text; lastSpokenAt = now;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}
function tone() {
  if (app.muted) return;
  try {
    audioCtx ??= new AudioContext();
    const o = audioCtx.createOscillator(), g = audioCtx.createGain();
    o.frequency.value = 880; g.gain.value = 0.15;
    o.connect(g).connect(audioCtx.destination);
    o.start(); o.stop(audioCtx.currentTime + 0.18);
  } catch { /* no audio */ }
}
function setMuted(m, save = false) {
  app.muted = m;
  if (save && app.store) {
    app.settings.muted = m;
    app.store.saveSettings(app.settings).catch((e) => console.warn("formcheck: settings not kept", e));
  }
  $("mute").setAttribute("aria-pressed", String(m));
  $("mute").textContent = m ? "Unmute (M)" : "Mute (M)";
  if (m && "speechSynthesis" in self) speechSynthesis.cancel();
}

// ---- the live view ----
const view = $("view");
const video = $("camera-video");
const ctx = view.getContext("2d", { willReadFrequently: true });
let bones = []; // the skeleton's bones, from the library once it is loaded
const COLORS = ["#3fb27f", "#e0a030", "#e05050", "#8895a0"];

// The skeleton as the desktop's overlay draws it: every bone thin and neutral, then each
// checked measure's segments in its state's colour (good, borderline, wrong; unknown ones
// are not drawn) with a dot on its joint.
function draw(points, measures) {
  if (!points.length) return;
  const seen = (i) => points[i * 3 + 2] >= 0.3;
  const at = (i) => [points[i * 3], points[i * 3 + 1]];
  const wide = Math.max(3, view.width / 160);
  ctx.lineCap = "round";
  ctx.strokeStyle = "rgba(235,240,245,0.75)";
  ctx.lineWidth = wide / 2;
  for (let b = 0; b < bones.length; b += 2) {
    const a = bones[b], c = bones[b + 1];
    if (!seen(a) || !seen(c)) continue;
    ctx.beginPath();
    ctx.moveTo(...at(a));
    ctx.lineTo(...at(c));
    ctx.stroke();
  }
  for (const m of measures) {
    if (m.state === 3 || !m.landmarks.every(seen)) continue;
    ctx.strokeStyle = ctx.fillStyle = COLORS[m.state];
    ctx.lineWidth = wide;
    ctx.beginPath();
    m.landmarks.forEach((l, i) => (i ? ctx.lineTo(...at(l)) : ctx.moveTo(...at(l))));
    ctx.stroke();
    const joint = m.landmarks[m.landmarks.length === 3 ? 1 : 0];
    ctx.beginPath();
    ctx.arc(...at(joint), wide * 1.6, 0, 2 * Math.PI);
    ctx.fill();
  }
}

let shownReps = 0, holdToned = false;
function panel(s) {
  $("count").textContent = s.reps_target > 1 ? `${s.reps} / ${s.reps_target}` : "";
  if (s.holding || s.hold_secs > 0) {
    $("hold").textContent = s.hold_secs >= s.hold_target_secs
      ? `${Math.floor(s.hold_secs)} s held` : `hold ${Math.floor(s.hold_secs)} of ${Math.round(s.hold_target_secs)} s`;
  } else $("hold").textContent = "";
  $("headline").textContent = s.headline;
  if (s.reps > shownReps) { shownReps = s.reps; say(String(s.reps), true); }
  else if (s.headline) say(s.headline);
  if (s.holding && s.hold_secs >= s.hold_target_secs && !holdToned) { holdToned = true; tone(); }
  if (!s.holding) holdToned = false;
}

// One picture through the pose stages: the models run when the tracking asks for them.
async function runPose(coach, pixels, w, h, tMs) {
  let need = coach.begin(pixels, w, h, tMs);
  const { detector, landmarks } = app.models;
  if (need === DETECT) {
    app.stats.detector_runs++;
    const names = coach.detector_output_names();
    const out = await detector.run({ [detector.inputNames[0]]: new ort.Tensor("float32", coach.detector_input(), [1, 224, 224, 3]) }, names);
    need = coach.detected(out[names[0]].data, out[names[1]].data);
  }
  if (need === LANDMARKS) {
    app.stats.landmark_runs++;
    const names = coach.landmark_output_names();
    const t0 = performance.now();
    const out = await landmarks.run({ [landmarks.inputNames[0]]: new ort.Tensor("float32", coach.landmark_input(), [1, 256, 256, 3]) }, names);
    app.stats.model_ms.push(performance.now() - t0);
    if (app.stats.model_ms.length > 600) app.stats.model_ms.shift();
    coach.landmarked(names.map((n) => out[n].data));
  } else if (need === DONE) {
    app.stats.held++;
  }
}

async function coachFrame(source, tMs) {
  const coach = app.coach;
  const w = view.width, h = view.height;
  ctx.drawImage(source, 0, 0, w, h);
  await runPose(coach, ctx.getImageData(0, 0, w, h).data, w, h, tMs);
  app.stats.frames++;
  const s = JSON.parse(coach.state());
  const points = coach.pose_points();
  if (points.length && app.stats.first_pose_ms === null) app.stats.first_pose_ms = performance.now() - app.stats.opened_ms;
  draw(points, s.measures);
  panel(s);
}

// For tests (web/test/agree.mjs): the landmarks of one picture (PNG bytes, base64), found as
// `formcheck pose PICTURE` finds them on the desktop — x, y, visibility per landmark.
window.formcheck.landmarksOf = async (pngBase64) => {
  const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }),
    { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const c = canvas.getContext("2d", { willReadFrequently: true });
  c.drawImage(bitmap, 0, 0);
  await loadModels();
  app.pictures ??= Coach.pictures(app.modelKind);
  await runPose(app.pictures, c.getImageData(0, 0, bitmap.width, bitmap.height).data, bitmap.width, bitmap.height, 0);
  return { width: bitmap.width, height: bitmap.height, points: Array.from(app.pictures.pose_points()) };
};

// The next picture of the video (or its end: a finished video shows no more frames).
function nextFrame(video) {
  return new Promise((resolve) => {
    if (video.ended) return resolve();
    const done = () => { video.removeEventListener("ended", done); app.wakeFrame = null; resolve(); };
    app.wakeFrame = done;
    video.addEventListener("ended", done);
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(done);
    else requestAnimationFrame(done);
  });
}

async function start(exerciseId, file) {
  show("live");
  $("status").textContent = "Loading the pose model…";
  try {
    await loadModels();
  } catch (e) { problem(`The pose model could not be loaded: ${e.message}`); return; }
  let fromFile = false;
  try {
    if (file) {
      video.srcObject = null;
      video.src = URL.createObjectURL(file);
      fromFile = true;
    } else {
      app.cameraId = cameraChoice() || undefined;
      app.stream = await openCamera(app.cameraId);
      video.srcObject = app.stream;
      listCameras(); // now with the cameras' names
    }
    await video.play();
  } catch (e) {
    const msg = fromFile ? `This video cannot be played by the browser (${e.message}). Choose another file (MP4 with H.264, or WebM).` : e.message;
    problem(msg);
    return;
  }
  const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
  view.width = Math.round(video.videoWidth * scale);
  view.height = Math.round(video.videoHeight * scale);
  app.coach?.free();
  app.coach = new Coach(exerciseId, app.modelKind, fromFile ? `video ${file.name}` : "camera");
  app.sessionId = session_name(app.coach.records()[0]);
  app.written = 0;
  const flushing = setInterval(flush, 1000);
  shownReps = 0;
  app.paused = false;
  $("hurt").hidden = true;
  $("lost").hidden = true;
  $("ex-name").textContent = JSON.parse(app.coach.state()).name;
  $("status").textContent = app.storeProblem ?? "";
  app.running = true;
  const t0 = performance.now();
  let endReason = "quit", pausedMs = 0;
  app.lost = null;
  if (app.stream) watchCamera(app.stream);
  while (app.running) {
    await nextFrame(video);
    if (app.lost) {
      // The camera stopped: wait for Reconnect or End session, the gap cut out of the clock.
      const lostAt = performance.now();
      const goOn = await app.lost.decided;
      pausedMs += performance.now() - lostAt;
      app.lost = null;
      if (!goOn) { endReason = "camera_lost"; break; }
      continue;
    }
    if (!app.running) break;
    if (fromFile && video.ended) { endReason = "source_ended"; break; }
    const tMs = fromFile ? video.currentTime * 1000 : performance.now() - t0 - pausedMs;
    if (app.paused) continue; // "It hurts" is being answered
    try {
      await coachFrame(video, tMs);
    } catch (e) {
      console.error(e);
      $("status").textContent = `A frame failed: ${e.message ?? e}`;
    }
    if (JSON.parse(app.coach.state()).done) { endReason = "done"; break; }
  }
  app.running = false;
  clearInterval(flushing);
  await finishSession(app.endReason ?? endReason);
  app.endReason = null;
}

// The session's new lines into the store, once a second while it runs and at its end (a
// closed tab loses at most the last second, as `kill -9` does on the desktop). A store
// that refuses (full, denied) is said on screen; the lines stay and are tried again.
async function flush() {
  const coach = app.coach;
  if (!coach || !app.store || !app.sessionId) return;
  const lines = coach.records();
  const from = app.written;
  if (lines.length <= from) return;
  app.written = lines.length;
  try {
    await app.store.append(app.sessionId, lines.slice(from));
    if (app.storeProblem) { app.storeProblem = null; $("status").textContent = ""; }
  } catch (e) {
    app.written = Math.min(app.written, from);
    app.storeProblem = record.storeProblem(e);
    $("status").textContent = app.storeProblem;
  }
}

// ---- "It hurts": the desktop's questions and ways on (the library's pain::Hurt) ----
function openHurt() {
  if (app.screen !== "live" || !app.coach || app.paused) return;
  app.coach.it_hurts();
  app.paused = true;
  if (video.paused === false && video.srcObject === null) video.pause();
  for (const b of document.querySelectorAll("#hurt .choices button")) b.setAttribute("aria-pressed", "false");
  $("hurt").hidden = false;
  showHurt();
}
function showHurt() {
  const h = JSON.parse(app.coach.hurt_state());
  $("red-flag").hidden = !h.red_flag;
  $("red-flag").textContent = h.red_flag
    ? `With ${h.red_flag}, stop here for today and contact your physiotherapist or doctor before you go on.` : "";
  const ways = $("ways-on");
  ways.textContent = "";
  for (const w of h.ways_on ?? []) {
    const b = document.createElement("button");
    b.textContent = w.label;
    b.dataset.way = w.id;
    b.addEventListener("click", () => wayOn(w.id));
    ways.append(b);
  }
}
function answerHurt(question, value, button) {
  app.coach.hurt_answer(question, value);
  for (const b of button.parentElement.children) b.setAttribute("aria-pressed", String(b === button));
  showHurt();
}
function wayOn(way) {
  const h = JSON.parse(app.coach.hurt_state());
  const taken = app.coach.hurt_way_on(way);
  $("hurt").hidden = true;
  app.paused = false;
  if (taken === "gentler") {
    say("A gentler version: hold a shorter time, only as far as is comfortable.", true);
    if (video.srcObject === null) video.play();
    return;
  }
  app.redFlag = h.red_flag ?? null;
  app.endReason = "quit";
  app.running = false;
  if (video.srcObject === null) video.play(); // the loop's wait for a frame returns
}

async function finishSession(reason) {
  const coach = app.coach;
  if (!coach) return;
  try { coach.end(reason); } catch (e) { console.error(e); }
  await flush();
  app.lastRecords = coach.records();
  app.stream?.getTracks().forEach((t) => t.stop());
  app.stream = null;
  const s = JSON.parse(coach.state());
  const records = app.lastRecords.map((l) => JSON.parse(l));
  const dose = records.find((r) => r.kind === "exercise")?.dose ?? {};
  const end = records.find((r) => r.kind === "exercise_end") ?? {};
  const longest = Math.max(0, ...records.filter((r) => r.kind === "hold").map((r) => r.secs));
  let did;
  if ((dose.reps ?? 1) > 1) did = `${end.reps ?? 0} of ${dose.reps} reps`;
  else if (dose.hold_secs) did = longest > 0 ? `held ${Math.floor(longest)} s of the ${Math.round(dose.hold_secs)} s aim` : "no hold this time";
  else did = `${end.reps ?? 0} reps`;
  const why = { camera_lost: " The camera stopped; what you did is kept.", source_ended: " The video ended." }[reason] ?? "";
  const flag = app.redFlag
    ? ` You told formcheck of ${app.redFlag}: please contact your physiotherapist or doctor before you exercise again.` : "";
  app.redFlag = null;
  $("summary-text").textContent = `${s.name}: ${did}.${why}${flag} A gentle stretch is enough.`;
  if (reason === "camera_lost") say("The camera stopped.", true);
  if (app.storeProblem) $("summary-text").textContent += ` ${app.storeProblem}`;
  show("summary");
  record.refresh();
}

async function pickExercise(id) {
  const file = $("video-file").files?.[0];
  await start(id, file);
}

// ?bench: the models' speed in this browser, for anyone to open on their own computer (the
// same figures as benches/web.sh; compare with `formcheck bench` on the desktop).
async function bench() {
  show("bench");
  const out = $("bench-out");
  const lines = [`threads ${ort.env.wasm.numThreads} (cross-origin isolated: ${self.crossOriginIsolated === true})`];
  out.textContent = lines.join("\n") + "\nmeasuring…";
  const result = { threads: ort.env.wasm.numThreads, isolated: self.crossOriginIsolated === true, models: {} };
  const runs = +(params.get("runs") || 30);
  const pattern = (n) => Float32Array.from({ length: n }, (_, i) => ((i * 7) % 255) / 255);
  for (const [name, file, side] of [["detector", "pose_detection.onnx", 224], ["landmark lite", "pose_landmark_lite.onnx", 256], ["landmark full", "pose_landmark_full.onnx", 256]]) {
    const t0 = performance.now();
    const bytes = await fetchModel(file);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    const loadMs = performance.now() - t0;
    const feeds = { [session.inputNames[0]]: new ort.Tensor("float32", pattern(side * side * 3), [1, side, side, 3]) };
    await session.run(feeds);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[times.length >> 1];
    result.models[name] = { load_ms: loadMs, p50_ms: p50, p90_ms: times[Math.floor(times.length * 0.9)] };
    lines.push(`${name.padEnd(14)} load ${loadMs.toFixed(0).padStart(5)} ms   per frame p50 ${p50.toFixed(1).padStart(6)} ms   p90 ${result.models[name].p90_ms.toFixed(1).padStart(6)} ms`);
    out.textContent = lines.join("\n") + "\nmeasuring…";
    await session.release();
  }
  const lm = result.models["landmark lite"].p50_ms + result.models["detector"].p50_ms / 10;
  lines.push(`\nAt about one detector run in ten frames, the lite model keeps up with ${Math.min(30, 1000 / lm).toFixed(0)} frames a second here (the adaptive rate skips the model on still frames, so a hold costs less).`);
  lines.push("On the desktop: `formcheck bench --model lite --threads 1`.");
  out.textContent = lines.join("\n");
  window.formcheck.benchResult = result;
}

async function main() {
  const missing = missingWebAssembly();
  if (missing) return problem(missing);
  await init();
  bones = Coach.bones();
  app.storeReady = openRecord();
  ort.env.wasm.wasmPaths = new URL("./ort/", location.href).href;
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(2, navigator.hardwareConcurrency || 1) : 1;
  const list = JSON.parse(exercises());
  for (const ex of list) {
    const b = document.createElement("button");
    b.textContent = ex.name;
    b.addEventListener("click", () => pickExercise(ex.id));
    $("exercise-list").append(b);
  }
  $("accept").addEventListener("click", accept);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && app.screen === "safety") { e.preventDefault(); accept(); }
    if ((e.key === "m" || e.key === "M") && app.screen === "live") setMuted(!app.muted, true);
    if ((e.key === "h" || e.key === "H") && app.screen === "live") openHurt();
  });
  $("mute").addEventListener("click", () => setMuted(!app.muted, true));
  $("hurts").addEventListener("click", openHurt);
  const bad = document.querySelector('#hurt .choices[data-question="how_bad"]');
  for (let i = 0; i <= 10; i++) {
    const b = document.createElement("button");
    b.textContent = String(i);
    b.dataset.value = String(i);
    bad.append(b);
  }
  for (const row of document.querySelectorAll("#hurt .choices")) {
    for (const b of row.querySelectorAll("button")) {
      b.addEventListener("click", () => answerHurt(row.dataset.question, b.dataset.value, b));
    }
  }
  $("finish").addEventListener("click", () => { app.running = false; app.lost?.decide(false); });
  $("reconnect").addEventListener("click", reconnect);
  $("lost-end").addEventListener("click", endAfterCameraLost);
  $("camera").addEventListener("change", (e) => storeCamera(e.target.value));
  navigator.mediaDevices?.addEventListener?.("devicechange", () => { if (app.screen === "picker") listCameras(); });
  $("again").addEventListener("click", () => show("picker"));
  try { await app.storeReady; } catch { /* said on the page by openRecord */ }
  setMuted(app.muted || app.settings.muted === true);
  const wanted = params.get("exercise");
  if (wanted && !list.some((e) => e.id === wanted)) {
    return problem(`There is no exercise "${wanted}". The exercises: ${list.map((e) => e.id).join(", ")}.`);
  }
  if (params.has("bench")) { window.formcheck.ready = true; return bench(); }
  // Everything the page needs is fetched now, before any exercise: the models (the
  // service worker keeps a copy for offline use); then no connection is needed at all.
  app.loaded = loadModels().then(() => { window.formcheck.loaded = true; }, (e) => console.warn("formcheck: models not loaded yet", e));
  Promise.all([app.loaded, offline()]).then(lockConnections);
  window.formcheck.ready = true;
  async function accept() {
    if (app.screen !== "safety") return;
    show("picker");
    await listCameras();
    if (wanted) pickExercise(wanted);
  }
}

// The record: the store opened, the settings read, the panel shown.
async function openRecord() {
  try {
    app.store = await openStore(params.get("store"));
    app.settings = await app.store.loadSettings();
  } catch (e) {
    // Coached all the same; the live view's status line and the summary say it is not kept.
    app.storeProblem = record.storeProblem(e);
    $("record-kept").textContent = app.storeProblem;
    throw e;
  }
  window.formcheck.store = app.store;
  record.init(app.store);
}

main().catch((e) => problem(`formcheck could not start: ${e.message ?? e}`));
