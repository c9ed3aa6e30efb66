//! The Login client against the emulator over real HTTP: every call, the refusals the
//! emulator makes read into their reasons, and every documented code decoded. That no secret
//! reaches `Debug`, `Display` or the logs is `tests/login_logs.rs`, a binary of its own.

use std::time::Duration;

use xsolla_liveops::login::{
    LoginApiError, LoginClient, LoginError, LoginReason, Registration, normalize_device,
};
use xsolla_liveops::models::login::{DeviceType, LoginErrorCode, TokenSet};
use xsolla_liveops::seed::Seed;
use xsolla_liveops::{AccessToken, Client, OAuthClientId, RefreshToken};
use xsolla_liveops_emulator::{Config, Emulator};

const SEED: &str = r#"{"login": {
    "clients": [
        {"id": 1, "expires_in": 600},
        {"id": 2, "email_confirmation": true}
    ],
    "users": [
        {"username": "ada", "email": "ada@example.com", "password": "ada-secret-1"},
        {"username": "eve", "email": "eve@example.com", "password": "eve-secret-1", "confirmed": false},
        {"username": "mallory", "email": "mallory@example.com", "password": "mallory-secret-1", "banned": true}
    ]
}}"#;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

async fn emulator() -> Emulator {
    let seed = Seed::from_json(SEED).unwrap();
    Emulator::start(Config::default().with_seed(seed))
        .await
        .unwrap()
}

fn login(emu: &Emulator, client: i64) -> LoginClient {
    LoginClient::builder(OAuthClientId(client))
        .base_url(emu.login_base_url())
        .build()
        .unwrap()
}

#[track_caller]
fn reason<T: std::fmt::Debug>(result: Result<T, LoginError>) -> LoginReason {
    match result {
        Err(LoginError::Api(e)) => e.reason,
        other => panic!("expected a Login refusal, got {other:?}"),
    }
}

fn refresh_of(tokens: &TokenSet) -> &RefreshToken {
    tokens
        .refresh_token
        .as_ref()
        .expect("scope=offline gives a refresh token")
}

#[test]
fn sign_in_me_refresh_and_sign_out_round_trip() {
    rt().block_on(async {
        let emu = emulator().await;
        let login = login(&emu, 1);
        let tokens = login.sign_in("ada", "ada-secret-1").send().await.unwrap();
        assert_eq!(tokens.expires_in, 600);
        assert_eq!(tokens.token_type, "bearer");
        let player = tokens.access_token.to_user_token().unwrap();
        assert_eq!(player.claims().token_type.as_deref(), Some("xsolla_login"));

        let me = login.me(&tokens.access_token).send().await.unwrap();
        assert_eq!(me.id, player.subject());
        assert_eq!(me.username.as_deref(), Some("ada"));
        assert_eq!(me.display_name(), "ada");
        assert!(!me.is_anonymous);

        // The token is a LiveOps credential.
        let liveops = Client::builder(emu.project_id())
            .base_url(emu.base_url())
            .user_token(player.clone())
            .build()
            .unwrap();
        liveops.daily_chains().list().send().await.unwrap();

        let renewed = login.refresh(refresh_of(&tokens)).send().await.unwrap();
        assert_ne!(refresh_of(&renewed), refresh_of(&tokens));
        let spent = login.refresh(refresh_of(&tokens)).send().await;
        let err = spent.unwrap_err();
        assert_eq!(err.reason(), Some(&LoginReason::InvalidGrant));
        assert!(err.ends_session());
        assert!(!err.is_ambiguous());

        login
            .sign_out(&renewed.access_token)
            .sso_only()
            .send()
            .await
            .unwrap();
        login.me(&renewed.access_token).send().await.unwrap();
        login.sign_out(&renewed.access_token).send().await.unwrap();
        assert_eq!(
            reason(login.me(&renewed.access_token).send().await),
            LoginReason::InvalidToken
        );
        assert_eq!(
            reason(login.refresh(refresh_of(&renewed)).send().await),
            LoginReason::InvalidGrant
        );
    });
}

#[test]
fn a_guest_is_the_same_player_for_the_same_device_id() {
    rt().block_on(async {
        let emu = emulator().await;
        let login = login(&emu, 1);
        // A short id is padded to Login's 16 characters.
        let first = login
            .sign_in_as_guest(DeviceType::Android, "Pixel 9", "9f3a2b")
            .send()
            .await
            .unwrap();
        let again = login
            .sign_in_as_guest(DeviceType::Android, "Pixel 9", "9f3a2b")
            .send()
            .await
            .unwrap();
        let other = login
            .sign_in_as_guest(
                DeviceType::Ios,
                "iPhone",
                "4C1F5E0A-8B8B-4F7E-9E9A-1D2C3B4A5F6E",
            )
            .send()
            .await
            .unwrap();
        let sub = |t: &TokenSet| t.access_token.to_user_token().unwrap().subject().to_owned();
        assert_eq!(sub(&first), sub(&again));
        assert_ne!(sub(&first), sub(&other));
        assert_eq!(
            first
                .access_token
                .to_user_token()
                .unwrap()
                .claims()
                .token_type
                .as_deref(),
            Some("device")
        );
        let me = login.me(&first.access_token).send().await.unwrap();
        assert!(me.is_anonymous);
        assert_eq!(me.display_name(), "Guest");
        assert_eq!(me.devices[0].device_type.as_deref(), Some("android"));
        // Guests refresh like everyone else.
        login.refresh(refresh_of(&first)).send().await.unwrap();
        // The device call alone, and its code exchanged by hand, once.
        let call = xsolla_liveops::login::api::DeviceCode {
            device_type: DeviceType::Ios,
            body: normalize_device("iPhone", "abcdefabcdefabcd"),
            state: "my-state-123".into(),
        };
        let url = login.send(&call).await.unwrap();
        assert_eq!(url.query_param("state").as_deref(), Some("my-state-123"));
        let code = xsolla_liveops::AuthorizationCode::new(url.query_param("code").unwrap());
        login.exchange_code(code.clone()).send().await.unwrap();
        assert_eq!(
            reason(login.exchange_code(code).send().await),
            LoginReason::InvalidGrant
        );
    });
}

#[test]
fn registration_signs_in_or_asks_for_confirmation() {
    rt().block_on(async {
        let emu = emulator().await;
        let open = login(&emu, 1);
        let confirming = login(&emu, 2);
        let outcome = open
            .register("linus", "linus@example.com", "linus-secret")
            .accept_consent(true)
            .promo_email_agreement(false)
            .locale("en_XX")
            .send()
            .await
            .unwrap();
        let Registration::SignedIn(tokens) = outcome else {
            panic!("client 1 signs new players in at once: {outcome:?}");
        };
        assert_eq!(
            open.me(&tokens.access_token)
                .send()
                .await
                .unwrap()
                .email
                .as_deref(),
            Some("linus@example.com")
        );
        assert_eq!(
            reason(
                open.register("linus", "l2@example.com", "linus-secret")
                    .send()
                    .await
            ),
            LoginReason::UsernameTaken
        );
        assert_eq!(
            reason(
                open.register("linus2", "linus@example.com", "linus-secret")
                    .send()
                    .await
            ),
            LoginReason::EmailTaken
        );
        assert_eq!(
            reason(
                open.register("linus3", "l3@example.com", "short")
                    .send()
                    .await
            ),
            LoginReason::InvalidParameter
        );

        let outcome = confirming
            .register("margaret", "margaret@example.com", "margaret-secret")
            .send()
            .await
            .unwrap();
        assert_eq!(outcome, Registration::ConfirmationRequired);
        assert_eq!(
            reason(
                confirming
                    .sign_in("margaret", "margaret-secret")
                    .send()
                    .await
            ),
            LoginReason::NotConfirmed
        );
        confirming
            .resend_confirmation("margaret")
            .locale("de_DE")
            .send()
            .await
            .unwrap();
        assert!(emu.confirm_login_user("margaret").unwrap());
        confirming
            .sign_in("margaret", "margaret-secret")
            .send()
            .await
            .unwrap();
    });
}

#[test]
fn the_emulators_refusals_read_into_their_reasons() {
    rt().block_on(async {
        let emu = emulator().await;
        let one = login(&emu, 1);
        let confirming = login(&emu, 2);
        assert_eq!(
            reason(one.sign_in("ada", "wrong").send().await),
            LoginReason::WrongCredentials
        );
        assert_eq!(
            reason(confirming.sign_in("eve", "eve-secret-1").send().await),
            LoginReason::NotConfirmed
        );
        assert_eq!(
            reason(one.sign_in("mallory", "mallory-secret-1").send().await),
            LoginReason::Banned
        );
        assert_eq!(
            reason(login(&emu, 9).sign_in("ada", "ada-secret-1").send().await),
            LoginReason::ObjectNotFound
        );
        assert_eq!(
            reason(login(&emu, 9).refresh(&RefreshToken::new("x")).send().await),
            LoginReason::InvalidClient
        );
        assert_eq!(
            reason(one.me(&AccessToken::new("not-a-token")).send().await),
            LoginReason::InvalidToken
        );
        // Four more wrong passwords block the name: the wait comes from Retry-After.
        for _ in 0..4 {
            one.sign_in("ada", "wrong").send().await.unwrap_err();
        }
        let err = one.sign_in("ada", "ada-secret-1").send().await.unwrap_err();
        // The block lasts 60 s; Retry-After is whole seconds, so a second boundary passed
        // since the block began reads as 59.
        let wait = err.retry_after().expect("a wait").as_secs();
        assert!((59..=60).contains(&wait), "{wait} s");
        assert_eq!(
            err.reason(),
            Some(&LoginReason::TooManyAttempts {
                retry_after: Some(Duration::from_secs(wait))
            })
        );
        assert!(
            err.to_string().contains(&format!("try again in {wait} s")),
            "{err}"
        );
        emu.clock().advance(60);
        one.sign_in("ada", "ada-secret-1").send().await.unwrap();
        // A redirect URI the client lacks.
        let stray = LoginClient::builder(OAuthClientId(1))
            .base_url(emu.login_base_url())
            .redirect_uri("https://elsewhere.example/")
            .build()
            .unwrap();
        assert_eq!(
            reason(
                stray
                    .sign_in_as_guest(DeviceType::Ios, "iPhone", "abcdefabcdefabcd")
                    .send()
                    .await
            ),
            LoginReason::RedirectUriNotRegistered
        );
        // Nobody listening: a transport error, not a refusal.
        let dead = LoginClient::builder(OAuthClientId(1))
            .base_url("http://127.0.0.1:9/login/api")
            .connect_timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let err = dead.sign_in("ada", "x").send().await.unwrap_err();
        assert!(
            matches!(err, LoginError::Transport(_) | LoginError::Timeout),
            "{err:?}"
        );
        assert_eq!(err.reason(), None);
    });
}

#[test]
fn every_documented_login_code_decodes_into_its_reason() {
    use LoginReason::*;
    let retry = Some(Duration::from_secs(7));
    let table: &[(u16, &str, LoginReason)] = &[
        (400, "0", InvalidParameter),
        (400, "010-019", InvalidClient),
        (400, "010-022", InvalidState),
        (400, "010-023", InvalidGrant),
        (401, "002-016", InvalidToken),
        (401, "002-040", Banned),
        (401, "003-001", WrongCredentials),
        (401, "003-007", NotConfirmed),
        (401, "003-025", Unauthorized),
        (401, "003-040", Unauthorized),
        (401, "010-026", Unauthorized),
        (403, "1901-0001", InvalidToken),
        (404, "003-002", UserNotFound),
        (404, "003-019", ProjectNotFound),
        (404, "003-061", ObjectNotFound),
        (418, "004-001", ServerError),
        (422, "003-003", UsernameTaken),
        (422, "003-020", CallUnavailable),
        (422, "003-022", ProjectMisconfigured),
        (422, "003-033", ProjectMisconfigured),
        (422, "003-004", EmailTaken),
        (400, "002-027", InvalidParameter),
        (400, "002-028", InvalidParameter),
        (429, "002-057", TooManyAttempts { retry_after: retry }),
        (400, "002-058", AttemptsLimitExceeded),
        (401, "010-007", CaptchaRequired),
        (401, "003-038", CaptchaRequired),
        (400, "010-011", RedirectUriRequired),
        (400, "010-012", RedirectUriNotRegistered),
        (401, "010-017", InvalidToken),
        (422, "010-003", RegistrationNotAllowed),
        (400, "999-999", Other),
    ];
    for (status, code, expected) in table {
        // Codes of digits only come as numbers, the rest as strings.
        let code_json = if code.bytes().all(|b| b.is_ascii_digit()) {
            code.to_string()
        } else {
            format!("\"{code}\"")
        };
        let body =
            format!(r#"{{"error":{{"code":{code_json},"description":"text","details":{{}}}}}}"#);
        let e = LoginApiError::from_response(*status, body.as_bytes(), retry);
        assert_eq!(&e.reason, expected, "{status} {code}");
        assert_eq!(e.code, Some(LoginErrorCode::new(*code)));
        assert_eq!(e.description.as_deref(), Some("text"));
        assert!(e.details.is_some());
        assert!(!LoginError::Api(Box::new(e)).to_string().is_empty());
    }
    // A bare 429, a gateway page, a 5xx, an empty 401.
    let bare = LoginApiError::from_response(429, b"", Some(Duration::from_secs(3)));
    assert_eq!(
        bare.reason,
        TooManyAttempts {
            retry_after: Some(Duration::from_secs(3))
        }
    );
    let page = LoginApiError::from_response(502, b"<html>Bad gateway</html>", None);
    assert_eq!(page.reason, ServerError);
    assert_eq!(page.raw.as_deref(), Some("<html>Bad gateway</html>"));
    assert!(LoginError::Api(Box::new(page)).is_ambiguous());
    assert_eq!(
        LoginApiError::from_response(401, b"", None).reason,
        InvalidToken
    );
    // Which reasons end a session.
    for r in [InvalidGrant, InvalidToken, Banned, Unauthorized] {
        assert!(r.ends_session(), "{r:?}");
    }
    for r in [
        WrongCredentials,
        TooManyAttempts { retry_after: None },
        ServerError,
    ] {
        assert!(!r.ends_session(), "{r:?}");
    }
}
