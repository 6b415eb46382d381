//! Typed identities of content: an exercise's id is not any string.
//!
//! [`ExerciseId`] is what a content file is called (`bridge`, `knee_to_chest`) and what the
//! routine, the coach's events, the session records and the command line name an exercise
//! by. It reads as a `str` (`Deref`, `Display`, comparisons with strings) so that text
//! output and file formats stay plain strings, while function signatures say which kind of
//! name they take.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The id of an exercise (its content file's `id`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExerciseId(String);

impl ExerciseId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for ExerciseId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ExerciseId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for ExerciseId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ExerciseId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl From<String> for ExerciseId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl PartialEq<str> for ExerciseId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ExerciseId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for ExerciseId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<ExerciseId> for str {
    fn eq(&self, other: &ExerciseId) -> bool {
        self == other.0
    }
}

impl PartialEq<ExerciseId> for &str {
    fn eq(&self, other: &ExerciseId) -> bool {
        *self == other.0
    }
}

impl PartialEq<ExerciseId> for String {
    fn eq(&self, other: &ExerciseId) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_as_a_plain_string() {
        let id = ExerciseId::from("bridge");
        assert_eq!(id, "bridge");
        assert_eq!(id.to_string(), "bridge");
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"bridge\"")
        );
        let back: ExerciseId = serde_json::from_str("\"cobra\"").expect("a JSON string");
        assert_eq!(back.as_str(), "cobra");
    }
}
