//! Performance bookkeeping with no I/O policy: per-stage duration samples, nearest-rank
//! percentile summaries, and the process's CPU time and peak memory read from `/proc`.
//!
//! Used by `formcheck bench`, the criterion benches' notes and (later) the UI status line.
//! Percentiles are nearest-rank (the same definition as `benches/mediapipe/mediapipe_bench.py`),
//! so the two sides of a comparison are summarised the same way.

use std::collections::VecDeque;
use std::time::Duration;

/// Samples of one stage, in nanoseconds. Only frames where the stage ran are recorded.
#[derive(Debug, Clone, Default)]
pub struct StageSamples {
    ns: Vec<u64>,
}

impl StageSamples {
    /// Room for `n` samples, so recording never allocates in a timed loop.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            ns: Vec::with_capacity(n),
        }
    }

    pub fn push(&mut self, ns: u64) {
        self.ns.push(ns);
    }

    pub fn push_duration(&mut self, d: Duration) {
        self.push(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
    }

    pub fn len(&self) -> usize {
        self.ns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ns.is_empty()
    }

    /// Sum of all samples in nanoseconds.
    pub fn total_ns(&self) -> u128 {
        self.ns.iter().map(|&n| u128::from(n)).sum()
    }

    /// Percentiles and friends; `None` when there are no samples.
    pub fn summary(&self) -> Option<Summary> {
        Summary::of(&self.ns)
    }
}

/// Distribution of one stage's duration, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Number of samples (frames where the stage ran).
    pub count: usize,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Summary {
    /// Summarises nanosecond samples; `None` if empty.
    pub fn of(ns: &[u64]) -> Option<Self> {
        if ns.is_empty() {
            return None;
        }
        let mut sorted = ns.to_vec();
        sorted.sort_unstable();
        let ms = |n: u64| n as f64 / 1e6;
        let total: u128 = sorted.iter().map(|&n| u128::from(n)).sum();
        Some(Self {
            count: sorted.len(),
            mean_ms: total as f64 / 1e6 / sorted.len() as f64,
            p50_ms: ms(percentile(&sorted, 50.0)),
            p95_ms: ms(percentile(&sorted, 95.0)),
            p99_ms: ms(percentile(&sorted, 99.0)),
            max_ms: ms(*sorted.last().unwrap_or(&0)),
        })
    }
}

/// Nearest-rank percentile of an ascending slice (0 if empty): the smallest value with at
/// least `p` % of the samples at or below it.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// User + system CPU time of this process (all threads) so far, from `/proc/self/stat`.
/// `None` where `/proc` is not available. Resolution is one clock tick (10 ms), so take the
/// difference over many frames.
pub fn process_cpu_time() -> Option<Duration> {
    cpu_time_of("self")
}

/// User + system CPU time of process `pid` (`"self"` or a number), from `/proc/<pid>/stat`.
pub fn cpu_time_of(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&stat)
        .map(|ticks| Duration::from_nanos(ticks.saturating_mul(1_000_000_000 / CLOCK_TICKS)))
}

/// `USER_HZ`: Linux reports `/proc` times in 1/100 s on every architecture it supports.
const CLOCK_TICKS: u64 = 100;

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line, in clock ticks.
fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) is in parentheses and may contain spaces: skip past it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    // `rest` starts at field 3 (state); utime is field 14, i.e. index 11 here.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// Peak resident set size of this process in bytes (`VmHWM` in `/proc/self/status`).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status_kib(&status, "VmHWM:").map(|k| k * 1024)
}

/// Current resident set size in bytes (`VmRSS`).
pub fn current_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status_kib(&status, "VmRSS:").map(|k| k * 1024)
}

fn status_kib(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

/// The 1, 5 and 15-minute load averages (`/proc/loadavg`).
pub fn load_average() -> Option<[f64; 3]> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut it = s.split_whitespace().map(|v| v.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

/// Counters read now and then (frames captured, frames skipped...) and what each grew by over
/// the last `window_secs`: the live rates of the placement check and of the drawing's pace.
/// A counter that goes down is a new run counting from 0: the window starts afresh.
#[derive(Debug, Clone)]
pub struct CountWindow<const N: usize> {
    window_secs: f64,
    /// (seconds, counts), oldest first; the oldest is the last one before the window.
    samples: VecDeque<(f64, [u64; N])>,
}

impl<const N: usize> CountWindow<N> {
    pub fn new(window_secs: f64) -> Self {
        Self {
            window_secs,
            samples: VecDeque::new(),
        }
    }

    /// Notes the counters' values at `t_secs`.
    pub fn push(&mut self, t_secs: f64, counts: [u64; N]) {
        if let Some((_, last)) = self.samples.back() {
            if counts.iter().zip(last).any(|(now, before)| now < before) {
                self.samples.clear();
            }
        }
        self.samples.push_back((t_secs, counts));
        while self
            .samples
            .get(1)
            .is_some_and(|&(t, _)| t_secs - t >= self.window_secs)
        {
            self.samples.pop_front();
        }
    }

    /// The seconds the samples span (at most about the window) and what each counter grew by
    /// over them; `None` before two samples.
    pub fn growth(&self) -> Option<(f64, [u64; N])> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        if self.samples.len() < 2 {
            return None;
        }
        let grew = std::array::from_fn(|i| last.1[i] - first.1[i]);
        Some((last.0 - first.0, grew))
    }

    pub fn clear(&mut self) {
        self.samples.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 95.0), 95);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&[7], 95.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }

    #[test]
    fn summary_in_ms() {
        let s = Summary::of(&[1_000_000, 3_000_000, 2_000_000]);
        let Some(s) = s else { panic!("no summary") };
        assert_eq!(s.count, 3);
        assert!((s.mean_ms - 2.0).abs() < 1e-9);
        assert!((s.p50_ms - 2.0).abs() < 1e-9);
        assert!((s.max_ms - 3.0).abs() < 1e-9);
        assert!(Summary::of(&[]).is_none());
    }

    #[test]
    fn parses_proc_stat_with_spaces_in_name() {
        let line = "1234 (my (odd) prog) R 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0";
        assert_eq!(parse_cpu_ticks(line), Some(300));
        assert_eq!(parse_cpu_ticks("garbage"), None);
    }

    #[test]
    fn reads_status_fields() {
        let s = "Name:\tx\nVmHWM:\t  12345 kB\nVmRSS:\t 100 kB\n";
        assert_eq!(status_kib(s, "VmHWM:"), Some(12345));
        assert_eq!(status_kib(s, "VmSwap:"), None);
    }

    #[test]
    fn a_count_window_spans_its_window_and_starts_afresh_when_a_counter_goes_down() {
        let mut w = CountWindow::<2>::new(2.0);
        assert_eq!(w.growth(), None);
        for i in 0..=20u64 {
            // A quarter of a second apart: 3 frames captured, 1 skipped each time.
            w.push(i as f64 * 0.25, [3 * i, i]);
        }
        let (secs, grew) = w.growth().expect("samples");
        assert_eq!(secs, 2.0);
        assert_eq!(grew, [24, 8]);
        w.push(5.1, [2, 0]); // a new run
        assert_eq!(w.growth(), None);
        w.push(5.2, [5, 1]);
        assert_eq!(w.growth().map(|(_, g)| g), Some([3, 1]));
    }
}
