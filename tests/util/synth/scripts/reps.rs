//! Exercises done as repeated reps: bridge, cobra, cat–cow, supine arm raise. Correct form
//! does the dose's reps; a wrong form shows two reps (one for the arm raise) with the fault.

use super::{
    breaks, completes, cue, dose_reps, fault, hold, hold_dose, lift, to, twice, BodyPose, Exercise,
    Fidget, Secs, Step, Times, KNEES_BENT, PRONE, TABLETOP,
};

const BRIDGE_UP: BodyPose = BodyPose {
    trunk_deg: 180.0 + 28.0,
    hip_deg: [176.0; 2],
    knee_deg: [90.0; 2],
    shoulder_deg: [20.0; 2],
    ..KNEES_BENT
};
const OVER_ARCH: BodyPose = BodyPose {
    hip_deg: [205.0; 2],
    ..BRIDGE_UP
};
const BRIDGE_HEAD_LIFT: BodyPose = BodyPose {
    neck_deg: -65.0,
    ..BRIDGE_UP
};
const HIPS_LOW: BodyPose = BodyPose {
    hip_deg: [155.0; 2],
    trunk_deg: 190.0,
    ..BRIDGE_UP
};
const FEET_FAR: BodyPose = BodyPose {
    knee_deg: [130.0; 2],
    ..BRIDGE_UP
};
const FEET_CLOSE: BodyPose = BodyPose {
    knee_deg: [52.0; 2],
    ..BRIDGE_UP
};

/// One bridge: hips up over 1.5 s, hold, down.
const fn bridge(up: BodyPose) -> [Step; 4] {
    lift(KNEES_BENT, up, 1.5, Secs::HoldPlus(1.0))
}

/// Faults that stop the hold timer leave no rep; feet placement does not. Hips too low are
/// only held 4 s.
pub(super) const BRIDGE: Exercise = Exercise {
    id: "bridge",
    still: BodyPose {
        trunk_deg: 208.0,
        hip_deg: [176.0; 2],
        knee_deg: [90.0; 2],
        ..KNEES_BENT
    },
    correct: completes(KNEES_BENT, &[dose_reps(&bridge(BRIDGE_UP))], Times::Dose),
    wrong: &[
        (
            "over_arch",
            breaks(KNEES_BENT, &[twice(&bridge(OVER_ARCH))]),
        ),
        (
            "head_lift",
            breaks(KNEES_BENT, &[twice(&bridge(BRIDGE_HEAD_LIFT))]),
        ),
        (
            "hips_low",
            breaks(
                KNEES_BENT,
                &[twice(&lift(KNEES_BENT, HIPS_LOW, 1.5, Secs::Fixed(4.0)))],
            ),
        ),
        (
            "feet_far",
            cue(KNEES_BENT, &[twice(&bridge(FEET_FAR))], 2, false),
        ),
        (
            "feet_close",
            cue(KNEES_BENT, &[twice(&bridge(FEET_CLOSE))], 2, false),
        ),
    ],
};

const COBRA_UP: BodyPose = BodyPose {
    trunk_deg: 32.0,
    hip_deg: [212.0; 2],
    shoulder_deg: [-5.0; 2],
    elbow_deg: [150.0; 2],
    neck_deg: -5.0,
    ..PRONE
};
/// Head thrown back: the ear 45° behind the vertical through the shoulder (a head held level
/// at any trunk height is not a crank).
const NECK_CRANK: BodyPose = BodyPose {
    trunk_deg: 45.0,
    hip_deg: [225.0; 2],
    neck_deg: 90.0,
    ..COBRA_UP
};
const TOO_HIGH: BodyPose = BodyPose {
    trunk_deg: 62.0,
    hip_deg: [242.0; 2],
    elbow_deg: [160.0; 2],
    ..COBRA_UP
};
const HIPS_UP: BodyPose = BodyPose {
    hip_deg: [180.0; 2],
    trunk_deg: 28.0,
    ..COBRA_UP
};
const SHRUG: BodyPose = BodyPose {
    neck_len: 0.27,
    ..COBRA_UP
};
/// Straight arms pushing the trunk past the cobra's range.
const ELBOWS_LOCKED: BodyPose = BodyPose {
    trunk_deg: 62.0,
    hip_deg: [242.0; 2],
    elbow_deg: [180.0; 2],
    ..COBRA_UP
};

/// One cobra: chest up over 1.5 s, hold, down.
const fn cobra(up: BodyPose) -> [Step; 4] {
    lift(PRONE, up, 1.5, Secs::HoldPlus(1.0))
}

/// Every cobra fault breaks the hold: the rep still ends when the person lowers, but only
/// counts if the hold was reached.
pub(super) const COBRA: Exercise = Exercise {
    id: "cobra",
    still: BodyPose {
        neck_deg: PRONE.neck_deg,
        ..COBRA_UP
    },
    correct: completes(PRONE, &[dose_reps(&cobra(COBRA_UP))], Times::Dose),
    wrong: &[
        ("neck_crank", breaks(PRONE, &[twice(&cobra(NECK_CRANK))])),
        ("too_high", breaks(PRONE, &[twice(&cobra(TOO_HIGH))])),
        ("hips_up", breaks(PRONE, &[twice(&cobra(HIPS_UP))])),
        ("shrug", breaks(PRONE, &[twice(&cobra(SHRUG))])),
        (
            "elbows_locked",
            breaks(PRONE, &[twice(&cobra(ELBOWS_LOCKED))]),
        ),
    ],
};

/// The cat's positions: where it starts (on all fours), the sag (cow) and the arch (cat).
#[derive(Clone, Copy)]
struct CatPoses {
    start: BodyPose,
    sag: BodyPose,
    arch: BodyPose,
}

const CAT_POSES: CatPoses = CatPoses {
    start: TABLETOP,
    sag: BodyPose {
        neck_deg: 30.0,
        hip_deg: [96.0; 2],
        ..TABLETOP
    },
    // Rounding the back shortens the shoulder–hip chord (~8 %, as in real clips).
    arch: BodyPose {
        neck_deg: -60.0,
        hip_deg: [84.0; 2],
        trunk_deg: 4.0,
        torso_scale: 0.92,
        ..TABLETOP
    },
};
const CAT_NECK_CRANK: CatPoses = CatPoses {
    sag: BodyPose {
        neck_deg: 80.0,
        ..CAT_POSES.sag
    },
    ..CAT_POSES
};
/// Nodding: the head goes down, the back does not round.
const NECK_ONLY: CatPoses = CatPoses {
    arch: BodyPose {
        torso_scale: 1.0,
        ..CAT_POSES.arch
    },
    ..CAT_POSES
};
const HIPS_SHIFT: CatPoses = CatPoses {
    start: hips_shift(CAT_POSES.start),
    sag: hips_shift(CAT_POSES.sag),
    arch: hips_shift(CAT_POSES.arch),
};
const HANDS_FORWARD: CatPoses = CatPoses {
    start: hands_forward(CAT_POSES.start),
    sag: hands_forward(CAT_POSES.sag),
    arch: hands_forward(CAT_POSES.arch),
};
const CAT_ELBOWS_BENT: CatPoses = CatPoses {
    start: elbows_bent(CAT_POSES.start),
    sag: elbows_bent(CAT_POSES.sag),
    arch: elbows_bent(CAT_POSES.arch),
};

/// Sitting back toward the heels.
const fn hips_shift(b: BodyPose) -> BodyPose {
    BodyPose {
        hip_deg: [b.hip_deg[0] - 30.0; 2],
        knee_deg: [60.0; 2],
        ..b
    }
}

/// Hands placed ahead of the shoulders.
const fn hands_forward(b: BodyPose) -> BodyPose {
    BodyPose {
        shoulder_deg: [110.0; 2],
        trunk_deg: b.trunk_deg + 8.0,
        hip_deg: [b.hip_deg[0] + 8.0; 2],
        ..b
    }
}

/// Bent elbows, hands nearer the knees.
const fn elbows_bent(b: BodyPose) -> BodyPose {
    BodyPose {
        elbow_deg: [125.0; 2],
        shoulder_deg: [75.0; 2],
        ..b
    }
}

/// One cat rep: into the sag, hold, over into the arch, hold.
const fn cat(p: CatPoses) -> [Step; 4] {
    [
        to(p.sag, 1.5),
        hold_dose(1.0),
        to(p.arch, 2.0),
        hold_dose(1.0),
    ]
}

/// The neck check is in the sag, so a cranked neck leaves the held arch counting; every
/// other fault breaks the hold. Every form ends back in its sag.
pub(super) const CAT: Exercise = Exercise {
    id: "cat",
    still: TABLETOP,
    correct: completes(
        TABLETOP,
        &[
            dose_reps(&cat(CAT_POSES)),
            to(CAT_POSES.sag, 1.5),
            hold(1.0),
        ],
        Times::Dose,
    ),
    wrong: &[
        (
            "neck_crank",
            cue(
                TABLETOP,
                &[
                    twice(&cat(CAT_NECK_CRANK)),
                    to(CAT_NECK_CRANK.sag, 1.5),
                    hold(1.0),
                ],
                2,
                false,
            ),
        ),
        (
            "hips_shift",
            breaks(
                HIPS_SHIFT.start,
                &[twice(&cat(HIPS_SHIFT)), to(HIPS_SHIFT.sag, 1.5), hold(1.0)],
            ),
        ),
        (
            "hands_forward",
            breaks(
                HANDS_FORWARD.start,
                &[
                    twice(&cat(HANDS_FORWARD)),
                    to(HANDS_FORWARD.sag, 1.5),
                    hold(1.0),
                ],
            ),
        ),
        (
            "elbows_bent",
            breaks(
                CAT_ELBOWS_BENT.start,
                &[
                    twice(&cat(CAT_ELBOWS_BENT)),
                    to(CAT_ELBOWS_BENT.sag, 1.5),
                    hold(1.0),
                ],
            ),
        ),
        (
            "neck_only",
            breaks(
                TABLETOP,
                &[twice(&cat(NECK_ONLY)), to(NECK_ONLY.sag, 1.5), hold(1.0)],
            ),
        ),
    ],
};

const ARMS_UP: BodyPose = BodyPose {
    shoulder_deg: [90.0; 2],
    elbow_deg: [176.0; 2],
    ..KNEES_BENT
};
const HIPS_LIFT: BodyPose = BodyPose {
    trunk_deg: 188.0,
    hip_deg: [140.0; 2],
    ..ARMS_UP
};
const ARM_ELBOWS_BENT: BodyPose = BodyPose {
    elbow_deg: [125.0; 2],
    ..ARMS_UP
};
const ARMS_LOW: BodyPose = BodyPose {
    shoulder_deg: [65.0; 2],
    ..ARMS_UP
};
const ARMS_PAST: BodyPose = BodyPose {
    shoulder_deg: [118.0; 2],
    ..ARMS_UP
};

/// Arms up over 2 s, hold, down; a wrong form is one rep.
pub(super) const SUPINE_ARM_RAISE: Exercise = Exercise {
    id: "supine_arm_raise",
    still: BodyPose {
        shoulder_deg: [90.0; 2],
        ..KNEES_BENT
    },
    correct: completes(
        KNEES_BENT,
        &[dose_reps(&lift(
            KNEES_BENT,
            ARMS_UP,
            2.0,
            Secs::HoldPlus(1.0),
        ))],
        Times::Dose,
    ),
    wrong: &[
        (
            "hips_lift",
            breaks(KNEES_BENT, &fault(KNEES_BENT, HIPS_LIFT)),
        ),
        (
            "elbows_bent",
            breaks(KNEES_BENT, &fault(KNEES_BENT, ARM_ELBOWS_BENT)),
        ),
        ("arms_low", breaks(KNEES_BENT, &fault(KNEES_BENT, ARMS_LOW))),
        (
            "arms_past",
            breaks(KNEES_BENT, &fault(KNEES_BENT, ARMS_PAST)),
        ),
        // Rocking the legs and head while the arms are up.
        (
            "body_still",
            breaks(
                KNEES_BENT,
                &[
                    to(ARMS_UP, 2.0),
                    hold(1.0),
                    Step::FidgetBody(Fidget {
                        secs: 5.0,
                        amp_deg: 20.0,
                        period_secs: 1.0,
                    }),
                    to(KNEES_BENT, 2.0),
                    hold(1.0),
                ],
            ),
        ),
    ],
};
