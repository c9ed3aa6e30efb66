//! Login secrets (tokens, refresh tokens, passwords) never reach `Debug`, `Display` or the
//! logs, the client's or the emulator's. A test binary of its own: capturing logs needs the
//! capturing subscriber to be the only one the process has seen.

use std::io::Write;
use std::sync::{Arc, Mutex};

use xsolla_liveops::login::LoginClient;
use xsolla_liveops::models::login::{DeviceType, TokenSet};
use xsolla_liveops::seed::Seed;
use xsolla_liveops::{OAuthClientId, Password, RefreshToken};
use xsolla_liveops_emulator::{Config, Emulator};

fn refresh_of(tokens: &TokenSet) -> &RefreshToken {
    tokens
        .refresh_token
        .as_ref()
        .expect("scope=offline gives a refresh token")
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn login_secrets_never_appear_in_debug_display_or_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (secrets, texts) = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let seed = Seed::from_json(
                r#"{"login": {"users": [
                    {"username": "ada", "email": "ada@example.com", "password": "ada-secret-1"}
                ]}}"#,
            )
            .unwrap();
            let emu = Emulator::start(Config::default().with_seed(seed))
                .await
                .unwrap();
            let login = LoginClient::builder(OAuthClientId(1))
                .base_url(emu.login_base_url())
                .build()
                .unwrap();
            let tokens = login.sign_in("ada", "ada-secret-1").send().await.unwrap();
            let renewed = login.refresh(refresh_of(&tokens)).send().await.unwrap();
            let spent = login.refresh(refresh_of(&tokens)).send().await.unwrap_err();
            let guest = login
                .sign_in_as_guest(DeviceType::Ios, "iPhone", "abcdefabcdefabcd")
                .send()
                .await
                .unwrap();
            login.me(&renewed.access_token).send().await.unwrap();
            login.sign_out(&renewed.access_token).send().await.unwrap();
            let request = login.sign_in("ada", "ada-secret-1");
            let texts = vec![
                format!("{tokens:?}"),
                format!("{renewed:?} {guest:?}"),
                format!("{} {}", tokens.access_token, refresh_of(&tokens)),
                format!("{:?} {:?}", tokens.access_token, refresh_of(&tokens)),
                format!("{spent:?} {spent}"),
                format!("{login:?}"),
                format!("{:?}", request.endpoint()),
                format!("{}", Password::new("ada-secret-1")),
            ];
            tracing::info!(?tokens, ?renewed, ?spent, "after the Login calls");
            let secrets = vec![
                tokens.access_token.expose_secret().to_owned(),
                refresh_of(&tokens).expose_secret().to_owned(),
                renewed.access_token.expose_secret().to_owned(),
                refresh_of(&renewed).expose_secret().to_owned(),
                guest.access_token.expose_secret().to_owned(),
                "ada-secret-1".to_owned(),
            ];
            (secrets, texts)
        })
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("xsolla login request"),
        "the calls were logged:\n{logs}"
    );
    assert!(
        logs.contains("POST /login/api/oauth2/token 200"),
        "the emulator's access log was captured too:\n{logs}"
    );
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "a secret leaked into the logs:\n{logs}"
        );
        for text in &texts {
            assert!(!text.contains(secret.as_str()), "a secret leaked: {text}");
        }
    }
    assert!(texts[2].contains("<redacted>"));
}
