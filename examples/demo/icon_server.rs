//! Item pictures for the hub. Xsolla items carry an `image_url` on a CDN; on the built-in
//! emulator the demo serves `assets/icons/` over HTTP on a loopback port and points the seed's
//! items there, so the hub loads icons exactly as it would from Xsolla.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

/// Serves `GET /icons/<name>.png` from `dir` on a free loopback port, on a thread of its own
/// for as long as the program runs; returns the base URL.
pub fn serve(dir: PathBuf) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    std::thread::Builder::new()
        .name("demo-icons".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = answer(stream, &dir);
            }
        })?;
    Ok(base)
}

fn answer(mut stream: TcpStream, dir: &std::path::Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Read the headers too: closing a socket with unread input can reset the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let name = request
        .strip_prefix("GET /icons/")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|file| file.strip_suffix(".png"))
        .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match name.and_then(|name| std::fs::read(dir.join(format!("{name}.png"))).ok()) {
        Some(png) => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                png.len()
            )?;
            stream.write_all(&png)
        }
        None => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    }
}
