//! Where the content files come from: built into the binary, or a folder.
//!
//! The exercises formcheck ships (`content/*.toml` in the source tree) are compiled in by
//! `build.rs`, so an installed or copied binary coaches with no source tree anywhere.
//! `$FORMCHECK_CONTENT` (or `formcheck exercises --content DIR`) names a folder to read
//! instead, for people writing exercises.
//!
//! A source only lists files ([`ContentFile`]: a name to show in problems, and the text or
//! why it could not be read); `load.rs` turns the list into a catalog. That split is what a
//! second source needs: the user's own exercises folder (`$FORMCHECK_CONFIG_DIR/exercises/`,
//! a user file replacing the built-in one of the same id) becomes another [`ContentSource`]
//! whose files replace the built-in files of the same name before the list is loaded.

use super::ContentError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/builtin_content.rs"));

/// Set to a folder to read the content from there instead of the built-in files.
pub const CONTENT_DIR_ENV: &str = "FORMCHECK_CONTENT";

/// How the built-in files are named in problems and by `formcheck doctor`.
pub const BUILT_IN_PLACE: &str = "<built-in content>";

/// A set of content files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentSource {
    /// The files compiled into the binary.
    BuiltIn,
    /// Every `*.toml` in a folder.
    Folder(PathBuf),
}

/// One content file as a source gives it.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Shown in problems: the file's path, or its name under [`BUILT_IN_PLACE`].
    pub path: PathBuf,
    /// The text, or why it could not be read (shared: a file's listing is cloned).
    pub text: Result<String, Arc<std::io::Error>>,
}

impl ContentFile {
    /// The file's name (`bridge.toml`).
    pub fn name(&self) -> &str {
        self.path.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
}

impl ContentSource {
    /// The files, sorted by name. Only a folder that cannot be listed is an error; a file
    /// that cannot be read is listed with the reason (reported as a problem of that file).
    pub fn files(&self) -> Result<Vec<ContentFile>, ContentError> {
        match self {
            Self::BuiltIn => Ok(BUILT_IN
                .iter()
                .map(|(name, text)| ContentFile {
                    path: Path::new(BUILT_IN_PLACE).join(name),
                    text: Ok((*text).to_owned()),
                })
                .collect()),
            Self::Folder(dir) => folder_files(dir),
        }
    }

    /// Where the files are: the folder, or [`BUILT_IN_PLACE`].
    pub fn place(&self) -> PathBuf {
        match self {
            Self::BuiltIn => PathBuf::from(BUILT_IN_PLACE),
            Self::Folder(dir) => dir.clone(),
        }
    }

    /// One line for `formcheck doctor`: which source, and why it is the one used.
    pub fn describe(&self) -> String {
        match self {
            Self::BuiltIn => format!(
                "built into the program ({} files; {CONTENT_DIR_ENV} unset)",
                BUILT_IN.len()
            ),
            Self::Folder(dir) => format!("folder {}", dir.display()),
        }
    }
}

pub(crate) fn folder_files(dir: &Path) -> Result<Vec<ContentFile>, ContentError> {
    // In the browser the folder is the page's store (`files::page`).
    let entries = crate::files::list_dir(dir).map_err(|source| ContentError::ReadDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            // Only regular files of sane size: a named pipe or a link to /dev/zero would
            // hang every command that loads the exercises.
            let text = crate::files::read_text_capped(&path, crate::files::EXERCISE_FILE)
                .map_err(Arc::new);
            ContentFile { path, text }
        })
        .collect())
}

/// The content used when none is named: the folder in `$FORMCHECK_CONTENT` when it is set
/// and not empty, else the built-in files.
pub fn default_source() -> ContentSource {
    match crate::places::env(CONTENT_DIR_ENV) {
        Some(p) => ContentSource::Folder(PathBuf::from(p)),
        None => ContentSource::BuiltIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the source tree's `content/` is built in, with the same text.
    #[test]
    fn built_in_files_are_the_content_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let on_disk = ContentSource::Folder(dir).files().expect("content folder");
        let built_in = ContentSource::BuiltIn.files().expect("built-in files");
        assert!(built_in.len() >= 10, "{} built-in files", built_in.len());
        let names = |files: &[ContentFile]| -> Vec<String> {
            files.iter().map(|f| f.name().to_owned()).collect()
        };
        assert_eq!(names(&built_in), names(&on_disk));
        for (b, d) in built_in.iter().zip(&on_disk) {
            assert_eq!(b.text.as_ref().ok(), d.text.as_ref().ok(), "{}", b.name());
        }
        assert!(built_in[0].path.starts_with(BUILT_IN_PLACE));
    }

    #[test]
    fn unreadable_folder_is_an_error_naming_it() {
        let err = ContentSource::Folder(PathBuf::from("/no/such/content"))
            .files()
            .expect_err("missing folder");
        assert!(err.to_string().contains("/no/such/content"), "{err}");
    }
}
