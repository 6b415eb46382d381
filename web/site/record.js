// "Your record": the stored sessions listed, deleted, exported, imported and made into the
// report (issue 31). The page is thin: what a session says ("Mon 7 Dec 2026, 13:15",
// "Bridge: 3 / 3 reps", "finished"), what an import holds and the report are the desktop's
// Rust (pkg/: `history`, `import_file`, `export_zip`, `report_html`, which read with
// `formcheck::session` and make the report with `formcheck::progress::html::make`); the
// files are kept by store.js.
//
//   init(store)       the panel's buttons wired to `store`, the list shown
//   refresh()         the list read again
//   sessions(store)   [{id, started_at, records}] (window.formcheck.sessions())
//   storeProblem(e)   what to say when the store refuses (full, denied)
import { export_zip, history, import_file, report_html } from "./pkg/formcheck_web.js";

const $ = (id) => document.getElementById(id);
let store = null;
let asking = null; // the deletion waiting for "Yes, delete" or "Keep"

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const today = () => new Date().toISOString().slice(0, 10);

export async function sessions(s) {
  const list = await s.list();
  const when = new Map(JSON.parse(history(JSON.stringify(list))).map((h) => [h.id, h.started_at]));
  return list.map(({ id, text }) => ({ id, started_at: when.get(id) ?? "", records: text.split("\n").filter((l) => l !== "") }));
}

export function storeProblem(e) {
  if (e?.name === "QuotaExceededError") {
    return "This browser has no more room for your record: this session is not being kept. Export your record, then delete old sessions (Your record), or free disk space.";
  }
  if (e?.name === "NotAllowedError" || e?.name === "SecurityError" || e?.name === "InvalidStateError") {
    return `This browser does not let formcheck keep your record here (${e.message}): sessions are coached but not kept. Allow this site to store data (site settings, or leave private browsing).`;
  }
  return `Your record could not be written (${e?.message ?? e}): this session is not being kept.`;
}

// A file the person keeps, made from bytes in the page (no connection: a blob: address).
function download(name, bytes, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function say(text, bad = false) {
  $("record-said").textContent = text;
  $("record-said").classList.toggle("bad", bad);
}

export async function refresh() {
  if (!store) return;
  const list = JSON.parse(history(JSON.stringify(await store.list())));
  const ul = $("record-list");
  ul.textContent = "";
  for (const h of list) {
    const li = document.createElement("li");
    li.dataset.id = h.id;
    const head = document.createElement("strong");
    head.textContent = h.when ? `${h.when} · ${h.duration}` : `${h.id}.jsonl`;
    const body = document.createElement("span");
    body.textContent = [h.exercises.join(", ") || (h.when ? "no exercise started" : ""), h.ending, h.note].filter(Boolean).join(" · ");
    const del = document.createElement("button");
    del.textContent = "Delete";
    del.className = "delete";
    del.addEventListener("click", () => ask({ one: h }));
    li.append(head, " ", body, " ", del);
    ul.append(li);
  }
  $("record-empty").hidden = list.length > 0;
  for (const id of ["record-export", "record-report", "record-delete-all"]) $(id).disabled = list.length === 0;
  return list;
}

// The desktop's question before a deletion (src/ui/history.rs), naming what will go.
function ask(what) {
  asking = what;
  $("record-question").textContent = what.one
    ? `Delete the session of ${what.one.when || what.one.id}? Its file ${what.one.id}.jsonl will be removed from this browser. This cannot be undone.`
    : `Delete everything: all ${plural(what.count, "session", "sessions")} in this browser? Your progress and reports start again from nothing. This cannot be undone.`;
  $("record-confirm").hidden = false;
}

async function answer(yes) {
  $("record-confirm").hidden = true;
  const what = asking;
  asking = null;
  if (!yes || !what) return;
  try {
    let n = 1;
    if (what.one) await store.remove(what.one.id);
    else n = await store.removeAll();
    say(`Deleted ${plural(n, "session", "sessions")}.`);
  } catch (e) {
    say(`Nothing deleted: ${e.message ?? e}`, true);
  }
  await refresh();
}

async function exportAll() {
  const list = await store.list();
  download(`formcheck-sessions-${today()}.zip`, export_zip(JSON.stringify(list)), "application/zip");
  say(`Exported ${plural(list.length, "session", "sessions")} as one file, formcheck-sessions-${today()}.zip: keep it, or open it in formcheck on a computer (docs/WEB.md).`);
}

async function report() {
  const html = report_html(JSON.stringify(await store.list()));
  download(`report-${today()}-all.html`, html, "text/html");
  say(`The report for your physiotherapist is downloaded: report-${today()}-all.html.`);
}

// Files chosen for import: each read by the desktop's reader; a session already kept is
// left as it is, and one that differs from the kept one of the same name is not imported.
export async function importFiles(files) {
  const said = [];
  let added = 0, refused = 0;
  for (const f of files) {
    const got = JSON.parse(import_file(f.name, new Uint8Array(await f.arrayBuffer())));
    said.push(...got.problems);
    refused += got.problems.length;
    for (const s of got.sessions) {
      const kept = await store.read(s.id);
      if (kept === s.text) { said.push(`${s.id}.jsonl is already kept here.`); continue; }
      if (kept !== null) {
        said.push(`${s.id}.jsonl was not imported: a different session of that name is kept here, and it is left as it is.`);
        refused++;
        continue;
      }
      try {
        if (await store.create(s.id, s.text)) added++;
      } catch (e) {
        said.push(`${s.id}.jsonl was not imported: ${storeProblem(e)}`);
        refused++;
        continue;
      }
      if (s.note) said.push(`${s.id}.jsonl: ${s.note}.`);
    }
  }
  said.unshift(`Imported ${plural(added, "session", "sessions")}.`);
  say(said.join(" "), refused > 0);
  await refresh();
  return { added, refused, said };
}

export async function init(s) {
  store = s;
  $("record-export").addEventListener("click", exportAll);
  $("record-report").addEventListener("click", report);
  $("record-delete-all").addEventListener("click", async () => ask({ count: (await store.list()).length }));
  $("record-yes").addEventListener("click", () => answer(true));
  $("record-keep").addEventListener("click", () => answer(false));
  $("record-import").addEventListener("change", async (e) => {
    await importFiles([...e.target.files]);
    e.target.value = "";
  });
  const kept = await store.persist();
  $("record-kept").textContent = (kept.persisted
    ? "This browser keeps your record until you delete it."
    : "This browser may delete your record when it runs short of space (it did not promise to keep it): export it now and then to keep a copy.")
    + ` Kept in ${store.kind === "opfs" ? "this browser's private files for this site" : "this browser's database for this site"}; nothing is sent anywhere.`;
  window.formcheck.storage = { kind: store.kind, persisted: kept.persisted };
  await refresh();
}
