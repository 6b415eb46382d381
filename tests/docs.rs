//! The documentation's links: every relative link in README.md, ARCHITECTURE.md and docs/
//! names a file that exists, and every `#anchor` a heading of the file it points into, so
//! moving a section cannot leave a reader at a dead end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// GitHub's anchor for a heading: lower case, spaces to dashes, punctuation other than `-`
/// and `_` dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code fences).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut fence = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
        } else if !fence && line.starts_with('#') {
            out.insert(anchor(line.trim_start_matches('#')));
        }
    }
    out
}

/// The targets of a Markdown file's `[text](target)` links (outside code fences).
fn links(text: &str) -> Vec<String> {
    let mut fence = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        for (i, _) in line.match_indices("](") {
            let rest = &line[i + 2..];
            if let Some(end) = rest.find(')') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![
        Path::new(ROOT).join("README.md"),
        Path::new(ROOT).join("ARCHITECTURE.md"),
    ];
    let docs = std::fs::read_dir(Path::new(ROOT).join("docs")).expect("docs/");
    let mut more: Vec<PathBuf> = docs
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    files.extend(more);
    files.push(Path::new(ROOT).join("docs/screens/README.md"));
    files
}

#[test]
fn every_relative_link_in_the_documentation_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).expect("read a document");
        for target in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() {
                doc.clone()
            } else {
                doc.parent().expect("a folder").join(path)
            };
            if !file.exists() {
                broken.push(format!("{}: {target} (no such file)", doc.display()));
                continue;
            }
            if !fragment.is_empty() {
                let into = std::fs::read_to_string(&file).unwrap_or_default();
                if !anchors(&into).contains(fragment) {
                    broken.push(format!("{}: {target} (no such heading)", doc.display()));
                }
            }
        }
    }
    println!("{checked} relative links checked");
    assert!(
        checked > 40,
        "only {checked} links found: is the parser right?"
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_is_for_the_people_who_use_it() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README");
    let lines = readme.lines().count();
    assert!(
        lines < 200,
        "README.md has {lines} lines; details go to docs/"
    );
    let first_screen: String = readme.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(
        first_screen.contains("not medical advice"),
        "the first screen says it is form feedback, not medical advice"
    );
    let developers = readme
        .find("## For developers")
        .expect("a developers' section");
    assert!(
        readme
            .find("bash .ci/run")
            .is_some_and(|at| at > developers),
        "developer commands come after what users need"
    );
}

#[test]
fn the_anchor_of_a_heading_is_githubs() {
    assert_eq!(
        anchor(" `formcheck pose --json` schema"),
        "formcheck-pose---json-schema"
    );
    assert_eq!(
        anchor(" Privacy: nothing leaves the machine"),
        "privacy-nothing-leaves-the-machine"
    );
}
