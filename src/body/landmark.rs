//! The 33 BlazePose body landmarks: ids, MediaPipe's names, the skeleton's bones and
//! the left/right mirror. Pure tables, used by the pose decoder, the content loader
//! (names in TOML → ids), the overlay and the synthetic test figures.

use std::fmt;

macro_rules! landmarks {
    ($($variant:ident = $idx:literal, $name:literal;)*) => {
        /// One of MediaPipe Pose's 33 landmarks, in model output order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum LandmarkId {
            $($variant = $idx,)*
        }

        impl LandmarkId {
            /// All 33 ids in model output order.
            pub const ALL: [LandmarkId; 33] = [$(LandmarkId::$variant,)*];

            /// MediaPipe's name, e.g. `left_knee`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(LandmarkId::$variant => $name,)*
                }
            }
        }
    };
}

landmarks! {
    Nose = 0, "nose";
    LeftEyeInner = 1, "left_eye_inner";
    LeftEye = 2, "left_eye";
    LeftEyeOuter = 3, "left_eye_outer";
    RightEyeInner = 4, "right_eye_inner";
    RightEye = 5, "right_eye";
    RightEyeOuter = 6, "right_eye_outer";
    LeftEar = 7, "left_ear";
    RightEar = 8, "right_ear";
    MouthLeft = 9, "mouth_left";
    MouthRight = 10, "mouth_right";
    LeftShoulder = 11, "left_shoulder";
    RightShoulder = 12, "right_shoulder";
    LeftElbow = 13, "left_elbow";
    RightElbow = 14, "right_elbow";
    LeftWrist = 15, "left_wrist";
    RightWrist = 16, "right_wrist";
    LeftPinky = 17, "left_pinky";
    RightPinky = 18, "right_pinky";
    LeftIndex = 19, "left_index";
    RightIndex = 20, "right_index";
    LeftThumb = 21, "left_thumb";
    RightThumb = 22, "right_thumb";
    LeftHip = 23, "left_hip";
    RightHip = 24, "right_hip";
    LeftKnee = 25, "left_knee";
    RightKnee = 26, "right_knee";
    LeftAnkle = 27, "left_ankle";
    RightAnkle = 28, "right_ankle";
    LeftHeel = 29, "left_heel";
    RightHeel = 30, "right_heel";
    LeftFootIndex = 31, "left_foot_index";
    RightFootIndex = 32, "right_foot_index";
}

/// Number of body landmarks.
pub const NUM_LANDMARKS: usize = 33;

impl LandmarkId {
    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<Self> {
        Self::ALL.get(i).copied()
    }

    /// Looks a landmark up by MediaPipe's name (`left_knee`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|id| id.name() == name)
    }

    /// The same landmark on the other side of the body (`left_knee` ↔ `right_knee`);
    /// the nose maps to itself.
    pub fn mirrored(self) -> Self {
        let name = self.name();
        let other = if let Some(rest) = name.strip_prefix("left_") {
            format!("right_{rest}")
        } else if let Some(rest) = name.strip_prefix("right_") {
            format!("left_{rest}")
        } else if name == "mouth_left" {
            "mouth_right".to_owned()
        } else if name == "mouth_right" {
            "mouth_left".to_owned()
        } else {
            return self;
        };
        Self::from_name(&other).unwrap_or(self)
    }
}

impl fmt::Display for LandmarkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

use LandmarkId as L;

/// The skeleton's bones, as MediaPipe's `POSE_CONNECTIONS`.
pub const BONES: [(LandmarkId, LandmarkId); 35] = [
    (L::Nose, L::LeftEyeInner),
    (L::LeftEyeInner, L::LeftEye),
    (L::LeftEye, L::LeftEyeOuter),
    (L::LeftEyeOuter, L::LeftEar),
    (L::Nose, L::RightEyeInner),
    (L::RightEyeInner, L::RightEye),
    (L::RightEye, L::RightEyeOuter),
    (L::RightEyeOuter, L::RightEar),
    (L::MouthLeft, L::MouthRight),
    (L::LeftShoulder, L::RightShoulder),
    (L::LeftShoulder, L::LeftElbow),
    (L::LeftElbow, L::LeftWrist),
    (L::LeftWrist, L::LeftPinky),
    (L::LeftWrist, L::LeftIndex),
    (L::LeftWrist, L::LeftThumb),
    (L::LeftPinky, L::LeftIndex),
    (L::RightShoulder, L::RightElbow),
    (L::RightElbow, L::RightWrist),
    (L::RightWrist, L::RightPinky),
    (L::RightWrist, L::RightIndex),
    (L::RightWrist, L::RightThumb),
    (L::RightPinky, L::RightIndex),
    (L::LeftShoulder, L::LeftHip),
    (L::RightShoulder, L::RightHip),
    (L::LeftHip, L::RightHip),
    (L::LeftHip, L::LeftKnee),
    (L::RightHip, L::RightKnee),
    (L::LeftKnee, L::LeftAnkle),
    (L::RightKnee, L::RightAnkle),
    (L::LeftAnkle, L::LeftHeel),
    (L::RightAnkle, L::RightHeel),
    (L::LeftHeel, L::LeftFootIndex),
    (L::RightHeel, L::RightFootIndex),
    (L::LeftAnkle, L::LeftFootIndex),
    (L::RightAnkle, L::RightFootIndex),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for id in LandmarkId::ALL {
            assert_eq!(LandmarkId::from_name(id.name()), Some(id));
            assert_eq!(LandmarkId::from_index(id.index()), Some(id));
            assert_eq!(id.mirrored().mirrored(), id);
        }
        assert_eq!(LandmarkId::LeftKnee.mirrored(), LandmarkId::RightKnee);
        assert_eq!(LandmarkId::MouthLeft.mirrored(), LandmarkId::MouthRight);
        assert_eq!(LandmarkId::Nose.mirrored(), LandmarkId::Nose);
    }
}
