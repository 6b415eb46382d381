//! Nothing leaves the machine, checked on the real binary: `formcheck analyze` on a real
//! clip and `formcheck bench` for 17 s run under `strace -f -e trace=network`, and any
//! `connect`/`sendto`/`sendmsg`/`bind` to an IPv4 or IPv6 address, or an inet `socket()` that
//! succeeded, fails the test. An inet `socket()` refused by the network lockdown (EPERM or
//! EACCES) is allowed: that is the lockdown doing its job, and it is counted and printed.
//! (ONNX Runtime 1.31 and newer send DNS queries about 10 s after start; 17 s of `bench`
//! covers that.)
//!
//! The lockdown itself is checked without the binary too: this test binary re-runs itself
//! as a child that installs the filter and tries to open sockets.
//!
//! Skips with a printed reason when `strace` cannot trace here, or (for `analyze`)
//! `../shared/data` is absent, or ONNX Runtime is missing.

use crate::util;
use std::path::PathBuf;
use std::process::Command;

/// What one traced run did on the network.
#[derive(Debug, Default)]
struct NetCalls {
    /// Calls that reached (or tried to reach) an inet address, or inet sockets opened.
    leaks: Vec<String>,
    /// Inet `socket()` calls the lockdown refused.
    refused: Vec<String>,
    /// Every traced line (for the failure message).
    lines: usize,
}

const INET: [&str; 2] = ["AF_INET,", "AF_INET6,"];

/// Sorts strace's `-e trace=network` lines into leaks and refusals. A call that another
/// thread interrupted is printed in two parts (`socket(AF_INET, … <unfinished ...>` and later
/// `<... socket resumed>) = -1 EPERM`): the parts are joined by thread id first.
fn classify(log: &str) -> NetCalls {
    let mut calls = NetCalls::default();
    let mut pending: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for line in log.lines() {
        calls.lines += 1;
        // `1234 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = -1 EPERM (...)`
        let (pid, body) = line
            .split_once(' ')
            .filter(|(pid, _)| pid.chars().all(|c| c.is_ascii_digit()))
            .map_or(("", line), |(pid, rest)| (pid, rest.trim_start()));
        if let Some(start) = body.strip_suffix("<unfinished ...>") {
            pending.insert(pid.to_owned(), start.to_owned());
            continue;
        }
        let joined;
        let body = match (body.strip_prefix("<... "), pending.remove(pid)) {
            (Some(resumed), Some(start)) => {
                let rest = resumed.split_once("resumed>").map_or("", |(_, r)| r);
                joined = format!("{start}{rest}");
                joined.as_str()
            }
            _ => body,
        };
        classify_call(line, body, &mut calls);
    }
    // A call still unfinished when the process was killed counts by its start.
    for start in pending.into_values() {
        classify_call(&start, &start, &mut calls);
    }
    calls
}

fn classify_call(line: &str, body: &str, calls: &mut NetCalls) {
    let call = body.split('(').next().unwrap_or("");
    let inet = INET.iter().any(|f| {
        body.contains(&format!("({f}"))
            || body.contains(&format!("sa_family={}", f.trim_end_matches(',')))
    });
    if !inet {
        return;
    }
    let refused = body.contains("= -1 EPERM") || body.contains("= -1 EACCES");
    match call {
        "socket" if refused => calls.refused.push(line.to_owned()),
        "socket" | "connect" | "sendto" | "sendmsg" | "sendmmsg" | "bind" => {
            calls.leaks.push(line.to_owned());
        }
        _ => {}
    }
}

/// Why strace cannot be used here, if it cannot.
fn strace_usable() -> Result<(), String> {
    let out = Command::new("strace")
        .args(["-f", "-o", "/dev/null", "true"])
        .output()
        .map_err(|e| {
            format!("strace is not installed ({e}); `bash .ci/setup --test` installs it")
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "strace cannot trace here: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs `formcheck args` under strace (killed after `limit_s` seconds when given) with the
/// environment the caller passes through (`FORMCHECK_ALLOW_NETWORK`, `ORT_DYLIB_PATH`,
/// `FORMCHECK_ORT_ALLOW_TELEMETRY`, for measuring the test itself against the old set-up).
fn traced(name: &str, args: &[&str], limit_s: Option<u32>) -> (Option<i32>, NetCalls) {
    let dir = scratch(&format!("net-{name}"));
    let log = dir.join("strace.log");
    let mut c = Command::new("strace");
    c.args(["-f", "-qq", "-e", "trace=network", "-o"]).arg(&log);
    if let Some(s) = limit_s {
        // --foreground: only formcheck gets the signal, not the process group strace is in.
        c.args(["timeout", "--foreground", "-s", "KILL", &s.to_string()]);
    }
    c.arg(env!("CARGO_BIN_EXE_formcheck")).args(args);
    // Sessions and settings of a test run stay in the scratch folder.
    c.env("FORMCHECK_DATA_DIR", dir.join("data"))
        .env("FORMCHECK_CONFIG_DIR", dir.join("config"));
    let started = std::time::Instant::now();
    let out = c.output().expect("strace runs");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let calls = classify(&text);
    println!(
        "{name}: {:.1} s, exit {:?}, {} network calls traced, {} inet sockets refused by the lockdown, {} leaks",
        started.elapsed().as_secs_f64(),
        out.status.code(),
        calls.lines,
        calls.refused.len(),
        calls.leaks.len()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{name} panicked: {stderr}");
    (out.status.code(), calls)
}

#[track_caller]
fn assert_no_leaks(name: &str, calls: &NetCalls) {
    assert!(
        calls.leaks.is_empty(),
        "{name} reached for the network ({} calls):\n{}",
        calls.leaks.len(),
        calls.leaks.join("\n")
    );
}

#[test]
fn nothing_leaves_the_machine() {
    if util::skip(strace_usable(), "nothing_leaves_the_machine")
        || util::skip(util::runtime(), "nothing_leaves_the_machine")
    {
        return;
    }
    match util::real_data() {
        Ok(data) => {
            let clip = data.join("video/glute_bridge_01.mp4");
            let clip = clip.to_str().expect("utf-8 path");
            let (code, calls) = traced(
                "analyze",
                &["analyze", clip, "--model", "lite", "--json"],
                None,
            );
            assert_eq!(code, Some(0), "analyze should succeed");
            assert_no_leaks("analyze", &calls);
        }
        Err(why) => println!("SKIP nothing_leaves_the_machine (analyze part): {why}"),
    }
    let (_, calls) = traced(
        "bench",
        &[
            "bench", "--model", "lite", "--frames", "1000000", "--warmup", "1",
        ],
        Some(17),
    );
    assert_no_leaks("bench", &calls);
}

#[test]
fn strace_lines_are_classified() {
    let log = "\
101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
101 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X0\"}, 20) = 0
102 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = -1 EPERM (Operation not permitted)
102 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = -1 EACCES (Permission denied)
103 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 5
103 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 0
103 sendmmsg(5, [{msg_hdr={msg_name=NULL, msg_namelen=0}}], 2, MSG_NOSIGNAL) = 2
104 sendto(6, \"x\", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443)}, 28) = -1 ENETUNREACH
105 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP <unfinished ...>
106 socket(AF_INET, SOCK_DGRAM, IPPROTO_IP <unfinished ...>
105 <... socket resumed>) = -1 EPERM (Operation not permitted)
106 <... socket resumed>) = 7
";
    let calls = classify(log);
    assert_eq!(calls.refused.len(), 3, "{calls:?}");
    assert_eq!(calls.leaks.len(), 4, "{calls:?}");
    assert!(calls.leaks[0].contains("= 5"));
}

/// Set in the child run of [`lockdown_denies_inet_sockets_only`].
const CHILD_ENV: &str = "FORMCHECK_TEST_LOCKDOWN_CHILD";

#[test]
fn lockdown_denies_inet_sockets_only() {
    if std::env::var_os(CHILD_ENV).is_some() {
        lockdown_child();
        return;
    }
    if !cfg!(target_os = "linux") {
        println!("SKIP lockdown_denies_inet_sockets_only: seccomp is Linux only");
        return;
    }
    // The filter is process-wide and cannot be removed: install it in a child copy of this
    // test binary that runs only this test.
    let out = crate::util::rerun_in_child("net::lockdown_denies_inet_sockets_only", CHILD_ENV)
        .env_remove(formcheck::lockdown::ALLOW_NETWORK_ENV)
        .output()
        .expect("child runs");
    let text = crate::util::output_text(&out);
    println!(
        "{}",
        text.lines()
            .filter(|l| l.starts_with("lockdown"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(out.status.success(), "child failed:\n{text}");
    assert!(text.contains("lockdown child: ok"), "{text}");
}

fn lockdown_child() {
    use std::io::ErrorKind;
    let outcome = formcheck::lockdown::install_unless_allowed().expect("filter installs");
    assert_eq!(outcome, formcheck::lockdown::Lockdown::On);
    for addr in ["127.0.0.1:0", "[::1]:0"] {
        let udp = std::net::UdpSocket::bind(addr);
        assert!(
            udp.as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::PermissionDenied),
            "UDP {addr}: {udp:?}"
        );
        let tcp = std::net::TcpStream::connect(addr);
        assert!(
            tcp.as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::PermissionDenied),
            "TCP {addr}: {tcp:?}"
        );
    }
    // A thread started after the filter inherits it.
    let in_thread = std::thread::spawn(|| std::net::UdpSocket::bind("127.0.0.1:0").is_err())
        .join()
        .expect("thread");
    assert!(in_thread, "a new thread can open inet sockets");
    // Local sockets (the display, the sound server) still work.
    let dir = scratch("net-lockdown-unix");
    let path = dir.join("sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).expect("unix listener");
    let _client = std::os::unix::net::UnixStream::connect(&path).expect("unix connect");
    drop(listener);
    // So do child processes, which inherit the filter: ffmpeg still decodes.
    let ffmpeg = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=0.1",
            "-f",
            "null",
            "-",
        ])
        .status();
    if let Ok(status) = ffmpeg {
        assert!(status.success(), "ffmpeg under the lockdown: {status}");
    }
    println!("lockdown child: ok (inet sockets refused, unix sockets and ffmpeg work)");
}

/// `FORMCHECK_ALLOW_NETWORK=1` starts the binary without the filter (documented escape for a
/// display over TCP): checked through the debug log.
#[test]
fn lockdown_is_logged_and_can_be_turned_off() {
    let run = |allow: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_formcheck"));
        c.args(["--log", "debug", "exercises"]);
        if allow {
            c.env(formcheck::lockdown::ALLOW_NETWORK_ENV, "1");
        } else {
            c.env_remove(formcheck::lockdown::ALLOW_NETWORK_ENV);
        }
        c.env_remove("RUST_LOG");
        let out = c.output().expect("binary runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let on = run(false);
    if cfg!(target_os = "linux") {
        assert!(on.contains("network lockdown on"), "{on}");
    }
    let off = run(true);
    assert!(off.contains("network lockdown off"), "{off}");
}
