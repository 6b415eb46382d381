// The person's own exercises in the browser (issue 31): the desktop keeps them as TOML files
// in its own folder (`~/.config/formcheck/exercises/`), written by teach, Edit, Delete, a dose
// or a hold of their own. In the page that folder is the app's `/browser/exercises`
// (formcheck::files::page, web/src/shell.rs), kept here in the store's "own" namespace
// (store.js: the Origin Private File System, else IndexedDB), beside the sessions.
//
// What decides — which id may be saved, what replaces what, the confirmation before an own
// exercise is replaced or deleted, which files load — is the desktop's Rust. This file only
// carries the files: in before the app starts, out as the app writes and deletes them.

// Every own file kept, handed to the app before it starts (its catalogue is loaded from
// them). A file the app refuses by name is left in the store, untouched, and said in the
// console; one that does not load is left out by the app, which says why once.
export async function loadOwn(store, fc) {
  if (!store?.ownList) return 0;
  let n = 0;
  for (const { name, text } of await store.ownList()) {
    try {
      fc.load_own_file(name, text);
      n++;
    } catch (e) {
      console.warn(`formcheck: own exercise file ${name} left out`, e);
    }
  }
  return n;
}

// An own file the app wrote (a taught exercise saved, an edit, a dose): kept whole. When the
// browser refuses (full, or storage denied), the app says so, so the person knows it lasts
// only until the page is closed.
export function keepOwnFile(store, fc, file) {
  const notKept = (why) => fc.page_warning(
    `Your exercise file ${file.name} is saved for this visit only: this browser did not keep it (${why}). Free some space, or export your record, before closing the page.`);
  if (!store?.ownWrite) { notKept("it keeps nothing for this page"); return; }
  store.ownWrite(file.name, file.text).catch((e) => notKept(e.message ?? String(e)));
}

// The own files the app deleted (after the desktop's own question), deleted from the store.
export function removeOwnFiles(store, removed) {
  for (const f of removed) {
    if (f.kind !== "own") continue;
    store?.ownRemove?.(f.name).catch((e) => console.warn(`formcheck: own exercise file ${f.name} not deleted from the store`, e));
  }
}
