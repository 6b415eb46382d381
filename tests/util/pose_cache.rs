//! An opt-in cache of the real clips' poses for tuning content against them.
//!
//! Running BlazePose over every clip takes minutes on the team's machines, while changing a
//! band in `content/*.toml` needs only the engine. With `FORMCHECK_CLIP_CACHE=FILE` set, the
//! first test run writes the poses to FILE and later runs read them back instead of running
//! the model. The file is a plain little-endian dump (clip names, timestamps, landmarks); a
//! file that does not parse is ignored and the poses are computed again. Without the
//! variable nothing is cached, so a stale cache can never hide a pose-model change from the
//! tests; delete the file after changing the model or the clips.

use super::ClipPoses;
use formcheck::body::{Landmark, Pose, WorldLandmark, NUM_LANDMARKS};
use formcheck::frame::Timestamp;
use std::path::Path;

/// The file's first bytes: its layout version (2: no crop region in a pose).
const MAGIC: &[u8] = b"formcheck-clip-poses 2\n";

/// Writes the poses to `path`; a cache that cannot be written is skipped with a note.
pub fn save(path: &Path, clips: &[ClipPoses]) {
    let mut o: Vec<u8> = MAGIC.to_vec();
    put_u64(&mut o, clips.len() as u64);
    for clip in clips {
        put_u64(&mut o, clip.file.len() as u64);
        o.extend(clip.file.as_bytes());
        put_u64(&mut o, clip.detector_runs as u64);
        put_u64(&mut o, clip.poses.len() as u64);
        for (ts, pose) in &clip.poses {
            o.extend(ts.0.to_le_bytes());
            let Some(p) = pose else {
                o.push(0);
                continue;
            };
            o.push(1);
            let lm = p
                .landmarks
                .iter()
                .flat_map(|l| [l.x, l.y, l.z, l.visibility, l.presence]);
            let world = p.world.iter().flat_map(|w| [w.x, w.y, w.z]);
            let rest = [p.score];
            for v in lm.chain(world).chain(rest) {
                o.extend(v.to_le_bytes());
            }
        }
    }
    if let Err(e) = std::fs::write(path, o) {
        eprintln!("clip pose cache {} not written: {e}", path.display());
    }
}

/// Reads the poses back, or `None` when the file is missing or does not parse.
pub fn load(path: &Path) -> Option<Vec<ClipPoses>> {
    let bytes = std::fs::read(path).ok()?;
    let mut r = Reader(bytes.strip_prefix(MAGIC)?);
    let clips = r.u64()?;
    let mut out = Vec::new();
    for _ in 0..clips {
        let len = usize::try_from(r.u64()?).ok()?;
        let file = String::from_utf8(r.take(len)?.to_vec()).ok()?;
        let detector_runs = usize::try_from(r.u64()?).ok()?;
        let frames = r.u64()?;
        let mut poses = Vec::new();
        for _ in 0..frames {
            let ts = Timestamp(i64::from_le_bytes(r.take(8)?.try_into().ok()?));
            let pose = match r.take(1)?[0] {
                0 => None,
                _ => Some(r.pose()?),
            };
            poses.push((ts, pose));
        }
        // Only the every-frame poses are cached (content tuning); an adaptive run's coached
        // poses are computed afresh.
        out.push(ClipPoses {
            file,
            poses,
            detector_runs,
            coached: Vec::new(),
        });
    }
    eprintln!("clip poses read from the cache {}", path.display());
    Some(out)
}

fn put_u64(o: &mut Vec<u8>, v: u64) {
    o.extend(v.to_le_bytes());
}

/// The unread rest of the file.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn pose(&mut self) -> Option<Pose> {
        let mut landmarks = [Landmark::default(); NUM_LANDMARKS];
        for l in &mut landmarks {
            *l = Landmark {
                x: self.f32()?,
                y: self.f32()?,
                z: self.f32()?,
                visibility: self.f32()?,
                presence: self.f32()?,
            };
        }
        let mut world = [WorldLandmark::default(); NUM_LANDMARKS];
        for w in &mut world {
            *w = WorldLandmark {
                x: self.f32()?,
                y: self.f32()?,
                z: self.f32()?,
            };
        }
        let score = self.f32()?;
        Some(Pose {
            landmarks,
            world,
            score,
        })
    }
}
