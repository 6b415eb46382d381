//! Text from files made outside formcheck (own exercise files, session files, file names)
//! made safe to print on a terminal: control characters (C0, DEL, C1) and the Unicode
//! direction overrides and isolates can clear the screen, set the window title, ring the
//! bell or reorder what a line appears to say. [`terminal_safe`] writes each as a visible
//! escape (`\u{1b}`); [`unsafe_char`] finds the first, for loaders that refuse them.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is: a C0 control (tab and newline included:
/// inside a name or a cell they forge layout), DEL, a C1 control, or a bidirectional
/// override, embedding or isolate (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `s` that [`is_unsafe`], if any.
pub fn unsafe_char(s: &str) -> Option<char> {
    s.chars().find(|&c| is_unsafe(c))
}

/// `s` with every unsafe character written as `\u{..}` (unchanged, and not copied, when it
/// has none).
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    escape(s, is_unsafe)
}

/// [`terminal_safe`] for text of several lines: newlines and tabs are kept.
pub fn terminal_safe_lines(s: &str) -> Cow<'_, str> {
    escape(s, |c| c != '\n' && c != '\t' && is_unsafe(c))
}

fn escape(s: &str, unsafe_: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert!(matches!(terminal_safe("Wall sit"), Cow::Borrowed(_)));
        assert_eq!(terminal_safe("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(terminal_safe("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(terminal_safe("abc\u{202E}fed"), "abc\\u{202e}fed");
        assert_eq!(terminal_safe("a\nb"), "a\\u{a}b");
        assert_eq!(terminal_safe_lines("a\nb\u{1b}c\n"), "a\nb\\u{1b}c\n");
        assert_eq!(unsafe_char("Évité ° — ok"), None);
        assert_eq!(unsafe_char("x\u{2066}"), Some('\u{2066}'));
    }
}
