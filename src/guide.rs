//! The guide's words that are not about one exercise: what the app is and is not, the red
//! flags that need a clinician, the ice/heat advice and the daily habits, plus the pure
//! countdown behind the ice/heat timer. One place, so the safety text can be reviewed
//! (and changed) without reading UI code.

/// What the app is, shown on the safety screen.
pub const WHAT_IT_IS: &str = "formcheck gives form feedback for back-relief stretches from \
your camera. It is not medical advice, it does not diagnose anything and it cannot see pain.";

/// The one rule during every exercise.
pub const STOP_IF_IT_HURTS: &str = "Stop if it hurts. Move only as far as is comfortable; \
a gentle stretch is enough.";

/// When to stop using the app and see a clinician first.
pub const RED_FLAGS_INTRO: &str = "See a doctor or physiotherapist before exercising if you have:";

/// The guide's red flags.
pub const RED_FLAGS: [&str; 7] = [
    "back pain lasting more than a week",
    "numbness or tingling (in the legs, buttocks or groin)",
    "fever",
    "unexplained weight loss",
    "bowel or bladder problems",
    "a degenerative condition (such as osteoporosis or arthritis of the spine)",
    "a recent injury (a fall, an accident, a blow to the back)",
];

/// What "It hurts" ends with when an answer is one of the guide's red flags (numbness or
/// tingling, pain spreading below the knee): stop, and see a clinician.
pub const RED_FLAG_STOP: &str = "Stop for today. Numbness or tingling, or pain spreading \
below the knee, can mean a nerve is irritated: contact your physiotherapist or doctor before \
you exercise again. Get help the same day if you also have numbness around the groin or \
bowel or bladder problems.";

/// Ice: how long and how.
pub const ICE_SECS: u32 = 20 * 60;
pub const ICE_ADVICE: &str =
    "Ice for 20 minutes, wrapped in a cloth or towel: never directly on the skin.";

/// Heat: how long and when not.
pub const HEAT_SECS: u32 = 10 * 60;
pub const HEAT_ADVICE: &str = "Heat for 10 minutes (a warm pad or a hot-water bottle, \
wrapped), not hot enough to burn.";

/// The guide's cautions: no heat with these conditions.
pub const HEAT_CAUTIONS: [&str; 5] = [
    "heart disease",
    "diabetes",
    "dermatitis",
    "high blood pressure (hypertension)",
    "peripheral neuropathy",
];

/// The daily habits card: (title, advice).
pub const HABITS: [(&str, &str); 3] = [
    (
        "Hydration",
        "Drink water through the day: the discs of the spine are mostly water.",
    ),
    (
        "Rest",
        "Sleep enough, and break up long sitting: stand and move every 30–60 minutes.",
    ),
    (
        "Meditation",
        "A few minutes of slow breathing or meditation a day eases muscle tension and stress.",
    ),
];

/// Ice or heat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Therapy {
    Ice,
    Heat,
}

impl Therapy {
    pub fn total_secs(self) -> u32 {
        match self {
            Therapy::Ice => ICE_SECS,
            Therapy::Heat => HEAT_SECS,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Therapy::Ice => "Ice",
            Therapy::Heat => "Heat",
        }
    }

    pub fn advice(self) -> &'static str {
        match self {
            Therapy::Ice => ICE_ADVICE,
            Therapy::Heat => HEAT_ADVICE,
        }
    }
}

/// A pausable countdown driven by elapsed seconds (the caller owns the clock).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Countdown {
    pub therapy: Therapy,
    left_secs: f64,
    running: bool,
}

impl Countdown {
    pub fn new(therapy: Therapy) -> Self {
        Self {
            therapy,
            left_secs: f64::from(therapy.total_secs()),
            running: false,
        }
    }

    pub fn start(&mut self) {
        if self.left_secs > 0.0 {
            self.running = true;
        }
    }

    pub fn pause(&mut self) {
        self.running = false;
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    pub fn is_done(&self) -> bool {
        self.left_secs <= 0.0
    }

    pub fn left_secs(&self) -> f64 {
        self.left_secs.max(0.0)
    }

    /// Fraction done, 0..1.
    pub fn fraction(&self) -> f32 {
        let total = f64::from(self.therapy.total_secs()).max(1.0);
        (1.0 - self.left_secs() / total).clamp(0.0, 1.0) as f32
    }

    /// Advances by `dt_secs`; returns true on the tick that finishes it.
    pub fn tick(&mut self, dt_secs: f64) -> bool {
        if !self.running || !dt_secs.is_finite() || dt_secs <= 0.0 {
            return false;
        }
        self.left_secs -= dt_secs;
        if self.left_secs <= 0.0 {
            self.left_secs = 0.0;
            self.running = false;
            return true;
        }
        false
    }

    /// "19:58".
    pub fn text(&self) -> String {
        let s = self.left_secs().ceil() as u64;
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_runs_only_when_started_and_finishes_once() {
        let mut c = Countdown::new(Therapy::Heat);
        assert!(!c.tick(5.0));
        assert_eq!(c.text(), "10:00");
        c.start();
        assert!(!c.tick(1.5));
        assert_eq!(c.text(), "09:59");
        assert!(c.tick(1000.0));
        assert!(c.is_done() && !c.is_running());
        assert!(!c.tick(1.0));
        assert_eq!(c.text(), "00:00");
    }
}
