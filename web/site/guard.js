// What both pages — the app (index.html, shell.js) and the plain page (simple.html, app.js)
// — do the same way, kept once so they cannot drift apart: whether this browser can run the
// model at all (SIMD), the model files checked against the manifest built into the program
// (as the desktop checks them), the offline copy (the service worker), and the second
// policy that forbids every connection once the page has what it needs.

// WebAssembly with SIMD: the runtime's build needs it (a tiny module using one SIMD op).
export function hasSimd() {
  return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
    2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
}

// The words for a browser that cannot run formcheck's WebAssembly, or null when it can.
export function missingWebAssembly() {
  if (typeof WebAssembly !== "object") return "This browser cannot run WebAssembly, which formcheck needs. Use a current Chrome, Edge, Firefox or Safari.";
  if (!hasSimd()) return "This browser's WebAssembly has no SIMD, which the pose model needs. Update the browser (Chrome 91+, Firefox 89+, Safari 16.4+).";
  return null;
}

async function sha256Hex(bytes) {
  if (!crypto.subtle) return null; // not a secure context (file://): the check is skipped
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

// A model file's bytes, fetched from this site.
export async function fetchModel(file) {
  const res = await fetch(`models/${file}`);
  if (!res.ok) throw new Error(`the model file models/${file} is missing from the site (HTTP ${res.status}); rebuild it with bash .ci/web`);
  return new Uint8Array(await res.arrayBuffer());
}

// The model `m` ({file, sha256}: one of `model_files`' entries) as an onnxruntime-web
// session, once its bytes are checked against the manifest: a wrong or cut-off file is
// refused with the way to mend it, never run.
export async function modelSession(ort, m, bytes) {
  const sum = await sha256Hex(bytes);
  if (sum && sum !== m.sha256) throw new Error(`the model file models/${m.file} is not the expected one (SHA-256 ${sum}); rebuild the site with bash .ci/web`);
  return ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
}

// The site for use without a network: a service worker (sw.js) keeps its files.
export async function offline() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("sw.js");
    await navigator.serviceWorker.ready;
    window.formcheck.offlineReady = true;
  } catch (e) {
    console.warn("formcheck: no offline copy", e);
  }
}

// Once the page's files and models are loaded (`window.formcheck.loaded`), a second
// Content-Security-Policy forbids every connection (connect-src 'none'; a page's policies
// all apply, so the stricter wins): from here on the page cannot send anything anywhere,
// whatever its scripts tried. `?open` leaves it out (for debugging).
export function lockConnections() {
  if (!window.formcheck.loaded || new URLSearchParams(location.search).has("open")) return;
  const m = document.createElement("meta");
  m.httpEquiv = "Content-Security-Policy";
  m.content = "connect-src 'none'";
  document.head.append(m);
  window.formcheck.locked = true;
}
