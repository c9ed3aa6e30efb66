//! Command-line options.

use std::path::PathBuf;

use bevy::prelude::Resource;

/// The hub tab a screenshot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    SignIn,
    Daily,
    Offers,
    Codes,
    Rewards,
}

impl Tab {
    fn parse(text: &str) -> Result<Self, String> {
        match text {
            "signin" => Ok(Self::SignIn),
            "daily" => Ok(Self::Daily),
            "offers" => Ok(Self::Offers),
            "codes" => Ok(Self::Codes),
            "rewards" => Ok(Self::Rewards),
            other => Err(format!(
                "unknown tab {other:?} (signin, daily, offers, codes or rewards)"
            )),
        }
    }
}

/// What the player asked for on the command line.
#[derive(Resource, Debug, Clone, Default)]
pub struct Args {
    /// Run the scripted session without a window.
    pub headless: bool,
    /// Save a screenshot of the hub here and exit.
    pub screenshot: Option<PathBuf>,
    /// The hub tab of the screenshot.
    pub tab: Option<Tab>,
    /// Talk to this LiveOps server instead of the built-in emulator.
    pub base_url: Option<String>,
    /// The Xsolla project id of `base_url`.
    pub project_id: Option<i64>,
    /// Xsolla Login's base URL for `base_url` (Xsolla's own by default).
    pub login_url: Option<String>,
    /// The OAuth 2.0 client id players sign in with on `base_url`.
    pub login_client_id: Option<i64>,
    /// Load the built-in emulator from this seed instead of the demo's.
    pub seed: Option<PathBuf>,
}

pub const USAGE: &str = "\
usage: cargo run --example demo -- [options]

  (no options)            play on the built-in emulator (assets/liveops/demo-seed.json)
  --seed PATH             load the built-in emulator from this seed instead
  --headless              run the scripted session without a window and print a summary
  --screenshot PATH       open the hub, save a PNG of the window and exit
  --tab TAB               what --screenshot shows: signin (the start screen), or the hub
                          tab daily, offers, codes or rewards
  --base-url URL          a LiveOps server: https://store.xsolla.com/api or an emulator
  --project-id N          the project id on that server
  --login-url URL         Xsolla Login for --base-url (https://login.xsolla.com/api by default)
  --login-client-id N     the OAuth 2.0 client id players sign in with on --base-url
  XSOLLA_TOKEN            (environment) a player's Xsolla Login token for --base-url, instead
                          of signing in
";

impl Args {
    /// Reads the options (without the program name).
    pub fn parse(mut words: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut args = Args::default();
        while let Some(word) = words.next() {
            let mut value = |name: &str| words.next().ok_or(format!("{name} needs a value"));
            match word.as_str() {
                "--headless" => args.headless = true,
                "--screenshot" => args.screenshot = Some(value("--screenshot")?.into()),
                "--tab" => args.tab = Some(Tab::parse(&value("--tab")?)?),
                "--seed" => args.seed = Some(value("--seed")?.into()),
                "--base-url" => args.base_url = Some(value("--base-url")?),
                "--login-url" => args.login_url = Some(value("--login-url")?),
                "--login-client-id" => {
                    let n = value("--login-client-id")?;
                    args.login_client_id = Some(
                        n.parse()
                            .map_err(|_| format!("bad Login client id {n:?}"))?,
                    );
                }
                "--project-id" => {
                    let n = value("--project-id")?;
                    args.project_id = Some(n.parse().map_err(|_| format!("bad project id {n:?}"))?);
                }
                "-h" | "--help" => return Err(String::new()),
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        if args.base_url.is_some() != args.project_id.is_some() {
            return Err("--base-url and --project-id go together".into());
        }
        if (args.login_url.is_some() || args.login_client_id.is_some()) && args.base_url.is_none() {
            return Err("--login-url and --login-client-id go with --base-url (the built-in emulator has its own Login)".into());
        }
        if args.seed.is_some() && args.base_url.is_some() {
            return Err("--seed is for the built-in emulator, not --base-url".into());
        }
        if args.tab.is_some() && args.screenshot.is_none() {
            return Err("--tab goes with --screenshot".into());
        }
        if args.headless && args.screenshot.is_some() {
            return Err("--headless has no window to take a screenshot of".into());
        }
        Ok(args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Args, String> {
        Args::parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn reads_every_option() {
        let args = parse("--screenshot out.png --tab rewards").unwrap();
        assert_eq!(args.screenshot, Some(PathBuf::from("out.png")));
        assert_eq!(args.tab, Some(Tab::Rewards));
        let args = parse("--base-url http://127.0.0.1:8780 --project-id 44056").unwrap();
        assert_eq!(args.project_id, Some(44056));
        assert!(parse("--headless").unwrap().headless);
        let args = parse(
            "--base-url http://127.0.0.1:8780 --project-id 1 --login-url http://127.0.0.1:8780/login/api --login-client-id 7",
        )
        .unwrap();
        assert_eq!(args.login_client_id, Some(7));
        assert_eq!(
            parse("--screenshot a.png --tab signin").unwrap().tab,
            Some(Tab::SignIn)
        );
        let args = parse("--seed my-seed.json").unwrap();
        assert_eq!(args.seed, Some(PathBuf::from("my-seed.json")));
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert!(parse("--tab daily").is_err());
        assert!(parse("--base-url http://x").is_err());
        assert!(parse("--tab weekly --screenshot a.png").is_err());
        assert!(parse("--headless --screenshot a.png").is_err());
        assert!(parse("--login-client-id 3").is_err());
        assert!(parse("--seed s.json --base-url http://x --project-id 1").is_err());
    }
}
