//! The binary's log written to a pipe or a file: plain text without ANSI colour codes, or one
//! JSON object a line with `--log-format json`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the binary with its output in a file, makes one request, stops it; its output.
fn output_of(extra: &[&str]) -> String {
    let dir = std::env::temp_dir().join(format!(
        "liveops-logs-{}-{}",
        std::process::id(),
        extra.len()
    ));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let log = dir.join("out.log");
    for _ in 0..5 {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port");
        let file = std::fs::File::create(&log).expect("a log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_liveops-emulator"))
            .args(["--addr", &addr.to_string()])
            .args(extra)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::from(file.try_clone().expect("a second handle")))
            .stderr(Stdio::from(file))
            .spawn()
            .expect("the liveops-emulator binary starts");
        if request(&mut child, addr) {
            // The access log line is written before the answer; give the writer a moment.
            std::thread::sleep(Duration::from_millis(200));
            child.kill().expect("stopped");
            child.wait().expect("reaped");
            let out = std::fs::read_to_string(&log).expect("the log");
            let _ = std::fs::remove_dir_all(&dir);
            return out;
        }
    }
    panic!("the emulator could not start on a free port five times in a row");
}

/// Sends `GET /__emulator/clock` once the server listens; false if it exited first.
fn request(child: &mut Child, addr: std::net::SocketAddr) -> bool {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("child status").is_some() {
            return false; // most likely the port was taken
        }
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(100)) {
            stream
                .write_all(
                    b"GET /__emulator/clock HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                )
                .expect("a request");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).expect("an answer");
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
            return true;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the emulator did not listen on {addr}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn text_logs_to_a_pipe_carry_no_ansi_codes() {
    let out = output_of(&[]);
    assert!(out.contains("/__emulator/clock"), "the access log: {out}");
    assert!(!out.contains('\u{1b}'), "an ESC byte in: {out:?}");
}

#[test]
fn json_logs_are_one_object_a_line() {
    let out = output_of(&["--log-format", "json"]);
    assert!(!out.contains('\u{1b}'), "an ESC byte in: {out:?}");
    let objects: Vec<serde_json::Value> = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        objects
            .iter()
            .any(|o| o["level"] == "INFO" && o.to_string().contains("/__emulator/clock")),
        "an access log object: {out}"
    );
}
