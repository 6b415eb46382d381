// The browser's record (issue 31): the session files, kept on this device only, in the
// desktop's JSONL format and named as the desktop names them (`<YYYYmmdd-HHMMSS>-<short
// id>.jsonl`; the id is that name without `.jsonl`). Where the browser has the Origin
// Private File System (a private folder per site), each session is one file there, under
// `sessions/`; otherwise they are values in IndexedDB. The settings are one JSON object
// beside them. The person's own exercises (taught, edited, a dose of their own: the
// desktop's own folder, `exercises/`) are a second namespace: one TOML file each, under
// `own/` in the file system, or the "own" object store of IndexedDB.
//
// The interface (for the page today and the egui screens later), every call a promise:
//   const store = await openStore();          // ?store=idb forces IndexedDB
//   store.kind                                // "opfs" or "indexeddb"
//   store.append(id, lines)                   // adds lines (JSON strings) to session `id`
//   store.create(id, text)                    // a new session's whole text (an import);
//                                             // false, and nothing written, when `id` exists
//   store.list()                              // [{id, text}] of every session, by id
//   store.read(id)                            // the session's text, or null
//   store.has(id)                             // whether it is stored
//   store.remove(id), store.removeAll()
//   store.loadSettings(), store.saveSettings(object)
//   store.ownList()                           // [{name, text}] of every own exercise file
//   store.ownWrite(name, text)                // an own file written whole (`x.toml`)
//   store.ownRemove(name)
//   store.persist()                           // {persisted, asked}: may the browser evict?
// Calls are done one after another in the order made, so an append is never lost to a
// concurrent one. Nothing here reads the records: the Rust reader (pkg/) does.

const DB = "formcheck";
const SESSIONS = "sessions";
const SETTINGS = "settings";
const OWN = "own";
// Only plain TOML file names are kept in the own namespace (no folders, nothing hidden).
const ownName = (name) => {
  if (!/^[^./\\][^/\\]*\.toml$/.test(name)) throw new Error(`"${name}" is not an exercise file's name`);
  return name;
};

// One call at a time, in order.
function serial() {
  let last = Promise.resolve();
  return (fn) => {
    const run = last.then(fn, fn);
    last = run.catch(() => {});
    return run;
  };
}

const text = (lines) => lines.map((l) => l + "\n").join("");

// ---- the Origin Private File System: one file per session ----
async function opfsStore() {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(SESSIONS, { create: true });
  const own = await root.getDirectoryHandle(OWN, { create: true });
  const q = serial();
  const fileOf = (id) => `${id}.jsonl`;
  const readFile = async (name) => {
    try {
      return await (await (await dir.getFileHandle(name)).getFile()).text();
    } catch (e) {
      if (e.name === "NotFoundError") return null;
      throw e;
    }
  };
  return {
    kind: "opfs",
    append: (id, lines) => q(async () => {
      const handle = await dir.getFileHandle(fileOf(id), { create: true });
      const size = (await handle.getFile()).size;
      const w = await handle.createWritable({ keepExistingData: true });
      try {
        await w.seek(size);
        await w.write(text(lines));
        await w.close(); // the lines are in the file once this resolves
      } catch (e) {
        await w.abort().catch(() => {});
        // A session whose first lines could not be written leaves no empty file behind.
        if (size === 0) await dir.removeEntry(fileOf(id)).catch(() => {});
        throw e;
      }
    }),
    create: (id, whole) => q(async () => {
      if ((await readFile(fileOf(id))) !== null) return false;
      const w = await (await dir.getFileHandle(fileOf(id), { create: true })).createWritable();
      await w.write(whole);
      await w.close();
      return true;
    }),
    list: () => q(async () => {
      const out = [];
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind !== "file" || !name.endsWith(".jsonl")) continue;
        out.push({ id: name.slice(0, -6), text: await (await handle.getFile()).text() });
      }
      return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }),
    read: (id) => q(() => readFile(fileOf(id))),
    has: (id) => q(async () => (await readFile(fileOf(id))) !== null),
    remove: (id) => q(async () => {
      try { await dir.removeEntry(fileOf(id)); } catch (e) { if (e.name !== "NotFoundError") throw e; }
    }),
    removeAll: () => q(async () => {
      const names = [];
      for await (const [name, handle] of dir.entries()) if (handle.kind === "file" && name.endsWith(".jsonl")) names.push(name);
      for (const n of names) await dir.removeEntry(n);
      return names.length;
    }),
    loadSettings: () => q(async () => {
      try { return JSON.parse(await (await (await root.getFileHandle("settings.json")).getFile()).text()); } catch { return {}; }
    }),
    ownList: () => q(async () => {
      const out = [];
      for await (const [name, handle] of own.entries()) {
        if (handle.kind === "file" && name.endsWith(".toml")) out.push({ name, text: await (await handle.getFile()).text() });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }),
    // createWritable writes a swap file and replaces the file only on close: a failed
    // write leaves the kept file as it was.
    ownWrite: (name, whole) => q(async () => {
      const w = await (await own.getFileHandle(ownName(name), { create: true })).createWritable();
      try {
        await w.write(whole);
        await w.close();
      } catch (e) {
        await w.abort().catch(() => {});
        throw e;
      }
    }),
    ownRemove: (name) => q(async () => {
      try { await own.removeEntry(ownName(name)); } catch (e) { if (e.name !== "NotFoundError") throw e; }
    }),
    saveSettings: (s) => q(async () => {
      const w = await (await root.getFileHandle("settings.json", { create: true })).createWritable();
      await w.write(JSON.stringify(s));
      await w.close();
    }),
  };
}

// ---- IndexedDB: one value per session ----
function idbOpen() {
  return new Promise((resolve, reject) => {
    // Version 2 added the own exercises; a database of version 1 keeps its sessions.
    const r = indexedDB.open(DB, 2);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS, { keyPath: "id" });
      if (!db.objectStoreNames.contains(SETTINGS)) db.createObjectStore(SETTINGS);
      if (!db.objectStoreNames.contains(OWN)) db.createObjectStore(OWN);
    };
    r.onsuccess = () => {
      // Another tab of a newer page upgrading the database: let it.
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = () => reject(r.error);
  });
}

async function idbStore() {
  const db = await idbOpen();
  const q = serial();
  // One transaction: `fn(store)` returns a request or nothing; resolves when it commits.
  const tx = (name, mode, fn) => new Promise((resolve, reject) => {
    const t = db.transaction(name, mode);
    let result;
    const req = fn(t.objectStore(name), (v) => { result = v; });
    if (req) req.onsuccess = () => { result = req.result; };
    t.oncomplete = () => resolve(result);
    t.onerror = t.onabort = () => reject(t.error);
  });
  return {
    kind: "indexeddb",
    append: (id, lines) => q(() => tx(SESSIONS, "readwrite", (s) => {
      const get = s.get(id);
      get.onsuccess = () => s.put({ id, text: (get.result?.text ?? "") + text(lines) });
    })),
    create: (id, whole) => q(() => tx(SESSIONS, "readwrite", (s, set) => {
      const get = s.count(id);
      get.onsuccess = () => {
        set(get.result === 0);
        if (get.result === 0) s.add({ id, text: whole });
      };
    })),
    list: () => q(async () => ((await tx(SESSIONS, "readonly", (s) => s.getAll())) ?? [])
      .map(({ id, text }) => ({ id, text })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))),
    read: (id) => q(async () => (await tx(SESSIONS, "readonly", (s) => s.get(id)))?.text ?? null),
    has: (id) => q(async () => (await tx(SESSIONS, "readonly", (s) => s.count(id))) > 0),
    remove: (id) => q(() => tx(SESSIONS, "readwrite", (s) => { s.delete(id); })),
    removeAll: () => q(async () => {
      const n = await tx(SESSIONS, "readonly", (s) => s.count());
      await tx(SESSIONS, "readwrite", (s) => { s.clear(); });
      return n;
    }),
    loadSettings: () => q(async () => (await tx(SETTINGS, "readonly", (s) => s.get("settings"))) ?? {}),
    saveSettings: (v) => q(() => tx(SETTINGS, "readwrite", (s) => { s.put(v, "settings"); })),
    ownList: () => q(async () => {
      const out = [];
      await tx(OWN, "readonly", (s) => {
        const c = s.openCursor();
        c.onsuccess = () => {
          if (!c.result) return;
          out.push({ name: String(c.result.key), text: c.result.value });
          c.result.continue();
        };
      });
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }),
    ownWrite: (name, whole) => q(() => tx(OWN, "readwrite", (s) => { s.put(whole, ownName(name)); })),
    ownRemove: (name) => q(() => tx(OWN, "readwrite", (s) => { s.delete(ownName(name)); })),
  };
}

// Asks the browser to keep the record (not to evict it when space runs short); the answer
// says whether it may still evict it.
async function persist() {
  if (!navigator.storage?.persist) return { persisted: false, asked: false };
  let persisted = await navigator.storage.persisted();
  if (!persisted) persisted = await navigator.storage.persist();
  return { persisted, asked: true };
}

// The record's store: the Origin Private File System where the browser has it (and can
// write files in it), else IndexedDB; `prefer` "idb" chooses IndexedDB.
export async function openStore(prefer) {
  let store = null;
  if (prefer !== "idb" && navigator.storage?.getDirectory && self.FileSystemFileHandle?.prototype.createWritable) {
    try { store = await opfsStore(); } catch (e) { console.warn("formcheck: no private file system, using IndexedDB", e); }
  }
  store ??= await idbStore();
  store.persist = persist;
  return store;
}
