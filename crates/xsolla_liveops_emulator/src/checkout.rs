//! Paying (or canceling) on this emulator's checkout page from code, as a player's browser does
//! it: the page's own form, posted to `/paystation4/pay` with a sandbox card or to
//! `/paystation4/cancel`. For tests, examples and demos that play the player's part; a game
//! opens the payment URL for the player instead.
//!
//! ```no_run
//! use xsolla_liveops_emulator::checkout::{self, CARD_PAYS};
//!
//! # fn pay(url: &str, token: &str) -> std::io::Result<()> {
//! checkout::pay(url, token)?;
//! // The same, with the page's status: 200 paid, 402 declined, 404 or 410 a dead token.
//! assert_eq!(checkout::post_form(url, token, Some(CARD_PAYS))?, 410, "paid already");
//! # Ok(())
//! # }
//! ```

use std::io::{self, Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

pub use crate::web::{CARD_DECLINED, CARD_PAYS};

/// How long the page may take to answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// Posts the checkout form for the order whose payment `token` opened `page_url` (the
/// emulator's `http://…/paystation4/?token=…`): with `Some(card)` it pays with that card
/// number (spaces allowed, as a player types it), with `None` it cancels. Returns the page's
/// HTTP status: 200 when paid or canceled, 402 for a declined card, 404 or 410 for a token that
/// is unknown, expired or used. A URL that is not plain HTTP is refused as invalid input.
pub fn post_form(page_url: &str, token: &str, card: Option<&str>) -> io::Result<u16> {
    let invalid = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, why.to_owned());
    let rest = page_url
        .strip_prefix("http://")
        .ok_or_else(|| invalid("not the emulator's checkout page (plain HTTP)"))?;
    let host = rest.split('/').next().unwrap_or(rest);
    let token = form_encode(token);
    let (path, body) = match card {
        Some(card) => (
            "/paystation4/pay",
            format!("token={token}&card_number={}", form_encode(card)),
        ),
        None => ("/paystation4/cancel", format!("token={token}")),
    };
    let mut page = TcpStream::connect(host)?;
    page.set_read_timeout(Some(ANSWER_TIMEOUT))?;
    write!(
        page,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    page.read_to_string(&mut answer)?;
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| invalid("the checkout page gave no HTTP status"))
}

/// Pays the order whose payment `token` opened `page_url` with [`CARD_PAYS`]; any answer but the
/// page's 200 is an error that names the status.
pub fn pay(page_url: &str, token: &str) -> io::Result<()> {
    match post_form(page_url, token, Some(CARD_PAYS))? {
        200 => Ok(()),
        status => Err(io::Error::other(format!(
            "the checkout page answered {status}"
        ))),
    }
}

/// `application/x-www-form-urlencoded`, as a browser encodes a form field.
fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::form_encode;

    #[test]
    fn fields_are_encoded_as_a_browser_encodes_them() {
        assert_eq!(form_encode("4111 1111"), "4111+1111");
        assert_eq!(form_encode("a+b/c=d&e"), "a%2Bb%2Fc%3Dd%26e");
        assert_eq!(form_encode("é"), "%C3%A9");
    }
}
