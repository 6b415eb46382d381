//! Who and what a report is for: the patient's name and who set the programme (both
//! optional, as the person gave them once), and which sessions it covers — sessions from
//! video files (a demonstration clip analysed, not the person practising) are left out
//! unless asked for, and the report says how many were. Pure: sessions in, sessions out.

use super::{day_of, weekday_date};
use crate::session::Session;

/// The report's reader-facing details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFor {
    /// The patient's name as they gave it (`None`: not given; the report says so).
    pub patient: Option<String>,
    /// Who set the programme ("Jane Smith, physiotherapist"); `None`: the home routine of
    /// formcheck's guide.
    pub programme_by: Option<String>,
    /// Sessions from video files are included too.
    pub include_video: bool,
}

impl ReportFor {
    /// The name, trimmed, or `None` when blank.
    pub fn patient_name(&self) -> Option<&str> {
        self.patient
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Who set the programme, in words.
    pub fn programme(&self) -> String {
        self.programme_by
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(
                || "the home routine of formcheck's guide".to_owned(),
                str::to_owned,
            )
    }
}

/// The report's details as the settings hold them, and whether they were asked.
#[derive(Debug, Clone, Default)]
pub struct ReportDetails {
    pub for_whom: ReportFor,
    pub asked: bool,
}

/// The sessions a report covers and how many from video files it left out.
#[derive(Debug)]
pub struct Covered {
    pub sessions: Vec<Session>,
    pub video_left_out: u32,
}

/// Of `sessions` (already chosen by their window), those the report covers: sessions from
/// a camera, and those from video files only when `include_video`.
pub fn covered(sessions: Vec<Session>, include_video: bool) -> Covered {
    if include_video {
        return Covered {
            sessions,
            video_left_out: 0,
        };
    }
    let before = sessions.len();
    let sessions: Vec<Session> = sessions.into_iter().filter(super::from_camera).collect();
    Covered {
        video_left_out: u32::try_from(before - sessions.len()).unwrap_or(u32::MAX),
        sessions,
    }
}

/// "Mon 7 Dec 2026" for an ISO date or RFC 3339 time ("2026-12-07"); the text itself when it
/// is neither.
pub fn readable_date(iso: &str) -> String {
    let stamp = if iso.len() == 10 {
        format!("{iso}T00:00:00Z")
    } else {
        iso.to_owned()
    };
    day_of(&stamp).map_or_else(|| iso.to_owned(), weekday_date)
}

/// "Mon 19 Oct 2026 to Fri 27 Nov 2026" between two ISO dates, or the one date when they
/// are the same day (not "Mon 7 Dec 2026 to Mon 7 Dec 2026").
pub fn readable_period(first: &str, last: &str) -> String {
    let (a, b) = (readable_date(first), readable_date(last));
    if a == b {
        a
    } else {
        format!("{a} to {b}")
    }
}

/// "7 Dec" for a day number: an axis label that cannot be misread.
pub fn day_month(day: i64) -> String {
    let full = weekday_date(day);
    // "Mon 7 Dec 2026" → "7 Dec".
    let parts: Vec<&str> = full.split(' ').collect();
    match parts.as_slice() {
        [_, d, m, _] => format!("{d} {m}"),
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_of_one_day_is_that_day() {
        assert_eq!(
            readable_period("2026-12-07", "2026-12-07"),
            "Mon 7 Dec 2026"
        );
        assert_eq!(
            readable_period("2026-10-19", "2026-11-27"),
            "Mon 19 Oct 2026 to Fri 27 Nov 2026"
        );
    }

    #[test]
    fn dates_read_with_their_weekday_and_month_in_words() {
        assert_eq!(readable_date("2026-12-07"), "Mon 7 Dec 2026");
        assert_eq!(readable_date("2026-12-07T08:30:00Z"), "Mon 7 Dec 2026");
        assert_eq!(readable_date("not a date"), "not a date");
        let day = day_of("2026-03-01T00:00:00Z").unwrap_or_default();
        assert_eq!(day_month(day), "1 Mar");
    }

    #[test]
    fn the_programme_is_the_guide_unless_someone_set_it() {
        let mut r = ReportFor::default();
        assert_eq!(r.programme(), "the home routine of formcheck's guide");
        assert_eq!(r.patient_name(), None);
        r.programme_by = Some("  Jane Smith, physiotherapist ".into());
        r.patient = Some("   ".into());
        assert_eq!(r.programme(), "Jane Smith, physiotherapist");
        assert_eq!(r.patient_name(), None, "a blank name is no name");
    }
}
