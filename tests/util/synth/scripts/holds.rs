//! Held stretches and lying still: knee to chest, seated hamstring and thread the needle
//! (one hold per side, left first), child's pose, and the lying-still exercises (breathing,
//! pelvic tilt, corpse) whose wrong forms slip into a fault after 3 s or fidget.

use super::{
    breaks, completes, cue, fault, hold, hold_dose, lift, to, BodyPose, Exercise, Fidget, Form,
    Secs, Step, Times, KNEES_BENT, SEATED, SUPINE, TABLETOP,
};

const PULL_LEFT: BodyPose = BodyPose {
    hip_deg: [50.0, 130.0],
    knee_deg: [60.0, 85.0],
    shoulder_deg: [50.0, 50.0],
    elbow_deg: [120.0; 2],
    ..KNEES_BENT
};
const PULL_RIGHT: BodyPose = BodyPose {
    hip_deg: [130.0, 50.0],
    knee_deg: [85.0, 60.0],
    ..PULL_LEFT
};
const PULL_BOTH: BodyPose = BodyPose {
    hip_deg: [50.0, 50.0],
    knee_deg: [60.0, 60.0],
    ..PULL_LEFT
};
const PULL_HEAD_LIFT: BodyPose = BodyPose {
    neck_deg: -50.0,
    ..PULL_LEFT
};
const NOT_FAR: BodyPose = BodyPose {
    hip_deg: [88.0, 130.0],
    ..PULL_LEFT
};

/// Left knee, right knee, both: one rep each.
pub(super) const KNEE_TO_CHEST: Exercise = Exercise {
    id: "knee_to_chest",
    still: PULL_LEFT,
    correct: completes(
        KNEES_BENT,
        &[
            to(PULL_LEFT, 2.0),
            hold_dose(1.5),
            to(KNEES_BENT, 2.0),
            hold(2.0),
            to(PULL_RIGHT, 2.0),
            hold_dose(1.5),
            to(KNEES_BENT, 2.0),
            hold(2.0),
            to(PULL_BOTH, 2.0),
            hold_dose(1.5),
            to(KNEES_BENT, 2.0),
            hold(1.0),
        ],
        Times::Fixed(3),
    ),
    wrong: &[
        (
            "head_lift",
            breaks(
                KNEES_BENT,
                &lift(KNEES_BENT, PULL_HEAD_LIFT, 2.0, Secs::HoldPlus(1.5)),
            ),
        ),
        ("not_far", breaks(KNEES_BENT, &fault(KNEES_BENT, NOT_FAR))),
    ],
};

const TALL_LEFT: BodyPose = BodyPose {
    knee_deg: [175.0, 95.0],
    hip_deg: [100.0, 95.0],
    ..SEATED
};
const LEAN_LEFT: BodyPose = BodyPose {
    trunk_deg: 60.0,
    hip_deg: [62.0, 60.0],
    ..TALL_LEFT
};
const TALL_RIGHT: BodyPose = BodyPose {
    knee_deg: [95.0, 175.0],
    hip_deg: [95.0, 100.0],
    ..SEATED
};
const LEAN_RIGHT: BodyPose = BodyPose {
    trunk_deg: 60.0,
    hip_deg: [60.0, 62.0],
    ..TALL_RIGHT
};
const ROUNDING: BodyPose = BodyPose {
    neck_deg: -55.0,
    ..LEAN_LEFT
};
const KNEE_BENT: BodyPose = BodyPose {
    knee_deg: [140.0, 95.0],
    hip_deg: [66.0, 60.0],
    ..LEAN_LEFT
};

/// Left leg long, lean, back up; change legs through sitting; the right leg.
pub(super) const SEATED_HAMSTRING: Exercise = Exercise {
    id: "seated_hamstring",
    still: LEAN_LEFT,
    correct: completes(
        TALL_LEFT,
        &[
            to(LEAN_LEFT, 2.0),
            hold_dose(1.5),
            to(TALL_LEFT, 2.0),
            to(SEATED, 1.5),
            to(TALL_RIGHT, 1.5),
            hold(1.0),
            to(LEAN_RIGHT, 2.0),
            hold_dose(1.5),
            to(TALL_RIGHT, 2.0),
            hold(1.0),
        ],
        Times::Fixed(2),
    ),
    wrong: &[
        ("rounding", breaks(TALL_LEFT, &fault(TALL_LEFT, ROUNDING))),
        ("knee_bent", breaks(TALL_LEFT, &fault(TALL_LEFT, KNEE_BENT))),
    ],
};

/// Shoulders drop toward the floor; thighs stay vertical (hip 55° with the trunk tipped 35°
/// head-down). The threaded (left) arm lies along the floor under the body; the support arm
/// stays planted under the shoulder.
const THREAD_LEFT: BodyPose = BodyPose {
    trunk_deg: -35.0,
    hip_deg: [55.0; 2],
    neck_deg: 0.0,
    shoulder_deg: [205.0, 125.0],
    elbow_deg: [175.0, 150.0],
    arm_across: [0.4, 0.0],
    ..TABLETOP
};
const THREAD_RIGHT: BodyPose = BodyPose {
    shoulder_deg: [125.0, 205.0],
    elbow_deg: [150.0, 175.0],
    arm_across: [0.0, 0.4],
    ..THREAD_LEFT
};
const HIPS_BACK: BodyPose = BodyPose {
    hip_deg: [85.0; 2],
    knee_deg: [60.0; 2],
    ..THREAD_LEFT
};
const HEAD_UP: BodyPose = BodyPose {
    neck_deg: 60.0,
    ..THREAD_LEFT
};

pub(super) const THREAD_THE_NEEDLE: Exercise = Exercise {
    id: "thread_the_needle",
    still: THREAD_LEFT,
    correct: completes(
        TABLETOP,
        &[
            to(THREAD_LEFT, 2.0),
            hold_dose(1.5),
            to(TABLETOP, 2.0),
            hold(1.5),
            to(THREAD_RIGHT, 2.0),
            hold_dose(1.5),
            to(TABLETOP, 2.0),
            hold(1.0),
        ],
        Times::Fixed(2),
    ),
    wrong: &[
        ("hips_back", breaks(TABLETOP, &fault(TABLETOP, HIPS_BACK))),
        ("head_up", breaks(TABLETOP, &fault(TABLETOP, HEAD_UP))),
    ],
};

const KNEEL: BodyPose = BodyPose {
    trunk_deg: 60.0,
    hip_deg: [95.0; 2],
    knee_deg: [35.0; 2],
    ankle_deg: [160.0; 2],
    shoulder_deg: [30.0; 2],
    ..TABLETOP
};
const CHILD: BodyPose = BodyPose {
    trunk_deg: -15.0,
    hip_deg: [38.0; 2],
    knee_deg: [28.0; 2],
    shoulder_deg: [175.0; 2],
    elbow_deg: [170.0; 2],
    neck_deg: -10.0,
    ..KNEEL
};
const HEAD_HIGH: BodyPose = BodyPose {
    trunk_deg: 15.0,
    hip_deg: [55.0; 2],
    neck_deg: 30.0,
    shoulder_deg: [90.0; 2],
    ..CHILD
};
/// Hips well off the heels: a comfort cue that does not stop the hold.
const HIPS_HIGH: BodyPose = BodyPose {
    knee_deg: [50.0; 2],
    hip_deg: [52.0; 2],
    ..CHILD
};

/// From kneeling, forward into the pose and held.
pub(super) const CHILDS_POSE: Exercise = Exercise {
    id: "childs_pose",
    still: BodyPose {
        trunk_deg: -15.0,
        hip_deg: [38.0; 2],
        knee_deg: [35.0; 2],
        shoulder_deg: [175.0; 2],
        ankle_deg: [160.0; 2],
        ..TABLETOP
    },
    correct: completes(KNEEL, &[to(CHILD, 2.0), hold_dose(1.5)], Times::Fixed(1)),
    wrong: &[
        ("head_high", breaks(KNEEL, &[to(HEAD_HIGH, 2.0), hold(6.0)])),
        (
            "hips_high",
            cue(KNEEL, &[to(HIPS_HIGH, 2.0), hold_dose(1.5)], 1, true),
        ),
    ],
};

/// Lying still for the dose: one long hold.
const LIE_STILL: [Step; 1] = [hold_dose(1.5)];

const fn lie_still(start: BodyPose) -> Form {
    completes(start, &LIE_STILL, Times::Fixed(1))
}

/// Lying still for 3 s, then slipping into `pose` over `ramp` seconds and staying there.
const fn slip(pose: BodyPose, ramp: f32) -> [Step; 3] {
    [hold(3.0), to(pose, ramp), hold(5.0)]
}

/// Lying still for 3 s, then fidgeting for 6 s.
const FIDGET: [Step; 3] = [
    hold(3.0),
    Step::Fidget(Fidget {
        secs: 6.0,
        amp_deg: 25.0,
        period_secs: 0.8,
    }),
    hold(1.0),
];

/// Elbows on the floor, hands resting on chest and belly.
const BREATHING: BodyPose = BodyPose {
    shoulder_deg: [0.0, 5.0],
    elbow_deg: [30.0, 40.0],
    ..KNEES_BENT
};
const LEGS_DRIFT: BodyPose = BodyPose {
    knee_deg: [127.0; 2],
    hip_deg: [150.0; 2],
    ..BREATHING
};

pub(super) const DIAPHRAGMATIC_BREATHING: Exercise = Exercise {
    id: "diaphragmatic_breathing",
    still: BREATHING,
    correct: lie_still(BREATHING),
    wrong: &[
        ("legs_drift", breaks(BREATHING, &slip(LEGS_DRIFT, 1.5))),
        ("fidget", breaks(BREATHING, &FIDGET)),
    ],
};

const BOTTOM_LIFT: BodyPose = BodyPose {
    trunk_deg: 180.0 + 8.0,
    hip_deg: [140.0; 2],
    ..KNEES_BENT
};
const TILT_HEAD_LIFT: BodyPose = BodyPose {
    neck_deg: -50.0,
    ..KNEES_BENT
};
const LEGS_PUSH: BodyPose = BodyPose {
    knee_deg: [110.0; 2],
    hip_deg: [150.0; 2],
    ..KNEES_BENT
};

pub(super) const PELVIC_TILT: Exercise = Exercise {
    id: "pelvic_tilt",
    still: KNEES_BENT,
    correct: lie_still(KNEES_BENT),
    wrong: &[
        ("bottom_lift", breaks(KNEES_BENT, &slip(BOTTOM_LIFT, 1.0))),
        ("head_lift", breaks(KNEES_BENT, &slip(TILT_HEAD_LIFT, 1.0))),
        ("legs_push", breaks(KNEES_BENT, &slip(LEGS_PUSH, 1.0))),
    ],
};

pub(super) const CORPSE: Exercise = Exercise {
    id: "corpse",
    still: SUPINE,
    correct: lie_still(SUPINE),
    wrong: &[("fidget", breaks(SUPINE, &FIDGET))],
};
