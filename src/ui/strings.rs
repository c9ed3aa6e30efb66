//! Every text the widgets show, in one table a game can override or extend.
//!
//! English and German are built in. A game replaces single texts with [`UiStrings::set`], adds a
//! language with [`UiStrings::add_locale`] (texts it leaves out fall back to English) and picks
//! the language with [`UiStrings::set_locale`]. Texts may hold placeholders in braces (`{time}`,
//! `{n}`, `{price}`, `{name}`), filled by [`UiStrings::fmt`].

use std::collections::HashMap;

macro_rules! text_keys {
    ($( $(#[$doc:meta])* $key:ident => $en:literal, $de:literal; )*) => {
        /// A text the widgets show. Each has an English and a German default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Text {
            $( $(#[$doc])* $key, )*
        }

        impl Text {
            /// Every key, in declaration order.
            pub const ALL: &'static [Text] = &[$(Text::$key,)*];

            /// The built-in English text.
            pub fn english(self) -> &'static str {
                match self { $(Text::$key => $en,)* }
            }

            /// The built-in German text.
            pub fn german(self) -> &'static str {
                match self { $(Text::$key => $de,)* }
            }
        }
    };
}

text_keys! {
    /// Title of the hub window.
    HubTitle => "Rewards & Offers", "Belohnungen & Angebote";
    /// The button that opens the hub.
    HubButton => "Rewards", "Belohnungen";
    /// Closes the hub.
    Close => "Close", "Schließen";
    /// Tab: daily rewards.
    TabDaily => "Daily", "Täglich";
    /// Tab: offer chains.
    TabOffers => "Offers", "Angebote";
    /// Tab: upsell.
    TabUpsell => "Shop", "Shop";
    /// Tab: codes.
    TabCodes => "Codes", "Codes";
    /// Tab: reward chains.
    TabRewards => "Rewards", "Prämien";
    /// A feature's data is on its way.
    Loading => "Loading…", "Wird geladen…";
    /// Shown above data read from the cache.
    FromCache => "Saved data, it may be out of date", "Gespeicherte Daten, evtl. nicht aktuell";
    /// A feature has nothing to show.
    NothingNow => "Nothing here right now", "Gerade nichts verfügbar";
    /// Status line: no connection.
    Offline => "Offline", "Offline";
    /// Status line: no connection, retry countdown.
    RetryingIn => "Offline, retrying in {time}", "Offline, neuer Versuch in {time}";
    /// Status line: the service refused or failed.
    Unavailable => "LiveOps unavailable", "LiveOps nicht verfügbar";
    /// Status line: connected.
    Online => "Up to date", "Aktuell";
    /// Status line: not logged in.
    LoggedOut => "Log in to see your rewards", "Melde dich an, um deine Belohnungen zu sehen";
    /// Retry button.
    Retry => "Retry", "Erneut versuchen";
    /// A step of a chain.
    Day => "Day {n}", "Tag {n}";
    /// A step of an offer or reward chain.
    Step => "Step {n}", "Stufe {n}";
    /// Claim button.
    Claim => "Claim", "Abholen";
    /// A claim is under way.
    Claiming => "Claiming…", "Wird abgeholt…";
    /// Step status: claimed.
    Claimed => "Claimed", "Abgeholt";
    /// Step status: can be claimed now.
    Claimable => "Ready", "Bereit";
    /// Step status: unlocks later, with a countdown.
    UnlocksIn => "Unlocks in {time}", "Verfügbar in {time}";
    /// Step status: waits for an earlier step.
    Upcoming => "Upcoming", "Demnächst";
    /// Step status: missed for good.
    Missed => "Missed", "Verpasst";
    /// Step status: not reachable yet.
    Locked => "Locked", "Gesperrt";
    /// Time until a chain ends.
    EndsIn => "Ends in {time}", "Endet in {time}";
    /// Time until a chain's progress resets.
    ResetsIn => "Resets in {time}", "Wird zurückgesetzt in {time}";
    /// Every step done.
    ChainComplete => "All done, well played!", "Alles erledigt, gut gemacht!";
    /// A free step.
    Free => "Free", "Gratis";
    /// Buy button with a price.
    BuyFor => "Buy for {price}", "Kaufen für {price}";
    /// Buy button.
    Buy => "Buy", "Kaufen";
    /// A purchase is under way.
    Buying => "Opening checkout…", "Kasse wird geöffnet…";
    /// A paid step waits for its payment.
    AwaitingPayment => "Awaiting payment", "Zahlung ausstehend";
    /// Tells the plugin a payment was finished.
    CheckPayment => "Check payment", "Zahlung prüfen";
    /// A step is the one to take now.
    NextStep => "Next", "Als Nächstes";
    /// An item cannot be bought now.
    NotForSale => "Not available", "Nicht verfügbar";
    /// A price was lowered.
    Discount => "-{n}%", "-{n} %";
    /// Value points granted with an item.
    PointsBonus => "+{n} {name}", "+{n} {name}";
    /// Reward chain: balance.
    Balance => "Balance: {n} {name}", "Guthaben: {n} {name}";
    /// Reward chain: step price.
    Costs => "{n} {name}", "{n} {name}";
    /// Reward chain: points still missing.
    PointsMissing => "{n} more points", "Noch {n} Punkte";
    /// Reward chain: clan contributions header.
    ClanContributors => "Top contributors", "Top-Beitragende";
    /// Code dialog: field label.
    CodeLabel => "Code", "Code";
    /// Code dialog: hint in the empty field.
    CodeHint => "Enter or paste a code", "Code eingeben oder einfügen";
    /// Code dialog: preview button.
    CheckCode => "Check", "Prüfen";
    /// Code dialog: redeem button.
    Redeem => "Redeem", "Einlösen";
    /// Code dialog: redeeming.
    Redeeming => "Redeeming…", "Wird eingelöst…";
    /// Code dialog: the preview header.
    CodeGives => "This code gives you:", "Dieser Code bringt dir:";
    /// Code dialog: pick a unit item.
    ChooseOne => "Choose one:", "Wähle eins:";
    /// Code dialog: a percent discount on the cart.
    CartDiscount => "{n}% off your cart", "{n} % Rabatt auf den Warenkorb";
    /// Code dialog: success header.
    Redeemed => "Code redeemed! You received:", "Code eingelöst! Du hast erhalten:";
    /// Code dialog: a promo code was accepted; its bonus comes with the next purchase.
    PromoApplied => "Code applied! It adds to your next purchase:", "Code angewendet! Er gilt für deinen nächsten Kauf:";
    /// Code dialog: a promo code's discount on the next purchase.
    NextPurchaseDiscount => "{n}% off your next purchase", "{n} % Rabatt auf deinen nächsten Kauf";
    /// Code validation: only letters and digits.
    CodeBadCharacter => "Codes have only letters and digits (found “{c}”)", "Codes enthalten nur Buchstaben und Ziffern („{c}“ gefunden)";
    /// Code validation: too long.
    CodeTooLong => "Codes are at most 128 characters", "Codes haben höchstens 128 Zeichen";
    /// Code validation: empty.
    CodeEmpty => "Enter a code", "Gib einen Code ein";
    /// Code rejection: unknown.
    RejectUnknown => "This code does not exist. Check upper and lower case.", "Diesen Code gibt es nicht. Achte auf Groß- und Kleinschreibung.";
    /// Code rejection: used up.
    RejectUsedUp => "This code has no uses left for you right now. Codes with a daily or weekly limit work again after their reset.", "Dieser Code hat für dich gerade keine Einlösungen mehr. Codes mit täglichem oder wöchentlichem Limit gelten nach dem Zurücksetzen wieder.";
    /// Code rejection: used up, by this player's own redemption in this session.
    RejectUsedUpByYou => "You redeemed this code {time} ago. It works again once its limit resets.", "Du hast diesen Code vor {time} eingelöst. Er gilt wieder, sobald sein Limit zurückgesetzt wird.";
    /// Code rejection: expired.
    RejectExpired => "This code is not valid at the moment.", "Dieser Code ist derzeit nicht gültig.";
    /// Code rejection: not for this player.
    RejectNotApplicable => "This code cannot be used on your account.", "Dieser Code gilt nicht für dein Konto.";
    /// Code rejection: not logged in.
    RejectNeedsLogin => "Log in to redeem codes.", "Melde dich an, um Codes einzulösen.";
    /// Code rejection: not a code.
    RejectMalformed => "That is not a valid code.", "Das ist kein gültiger Code.";
    /// A request failed for another reason.
    Failed => "Something went wrong. Please try again.", "Etwas ist schiefgelaufen. Bitte versuche es erneut.";
    /// Toast: items granted.
    YouGot => "You got:", "Du hast erhalten:";
    /// Dismiss a toast.
    Dismiss => "Dismiss", "Schließen";
    /// Badge: things to claim.
    BadgeCount => "{n} to claim", "{n} abzuholen";
    /// Claim everything ready at once.
    ClaimAll => "Claim all", "Alle abholen";
    /// Sign-in panel title.
    SignInTitle => "Sign in", "Anmelden";
    /// Account creation title.
    CreateAccountTitle => "Create an account", "Konto erstellen";
    /// The sign-in name field.
    UsernameOrEmail => "Username or e-mail", "Benutzername oder E-Mail";
    /// The new account's name field.
    Username => "Username", "Benutzername";
    /// The new account's e-mail field.
    Email => "E-mail", "E-Mail";
    /// The password field.
    Password => "Password", "Passwort";
    /// Sign-in button.
    SignInButton => "Sign in", "Anmelden";
    /// A sign-in is under way.
    SigningIn => "Signing in…", "Anmeldung läuft…";
    /// Guest sign-in button.
    PlayAsGuest => "Play as guest", "Als Gast spielen";
    /// Account creation button.
    CreateAccountButton => "Create account", "Konto erstellen";
    /// An account is being created.
    CreatingAccount => "Creating account…", "Konto wird erstellt…";
    /// Switches the panel to account creation.
    ToCreateAccount => "New here? Create an account", "Neu hier? Konto erstellen";
    /// Switches the panel to sign-in.
    ToSignIn => "Have an account? Sign in", "Schon ein Konto? Anmelden";
    /// Sign-out button.
    SignOut => "Sign out", "Abmelden";
    /// Who is signed in.
    SignedInAs => "Signed in as {name}", "Angemeldet als {name}";
    /// Sign-in failure: no name.
    FailMissingUsername => "Enter your username or e-mail.", "Gib deinen Benutzernamen oder deine E-Mail ein.";
    /// Sign-in failure: no password.
    FailMissingPassword => "Enter your password.", "Gib dein Passwort ein.";
    /// Account failure: password length.
    FailPasswordLength => "The password needs {min} to {max} characters.", "Das Passwort braucht {min} bis {max} Zeichen.";
    /// Account failure: e-mail address.
    FailInvalidEmail => "Enter a valid e-mail address.", "Gib eine gültige E-Mail-Adresse ein.";
    /// Sign-in failure: wrong name or password.
    FailWrongCredentials => "Wrong username or password.", "Falscher Benutzername oder falsches Passwort.";
    /// Sign-in failure: e-mail not confirmed.
    FailNotConfirmed => "Confirm your e-mail address with the link we sent, then sign in.", "Bestätige deine E-Mail-Adresse über den zugesandten Link und melde dich dann an.";
    /// Sign-in failure: rate limit, with the wait left.
    FailTooManyAttempts => "Too many attempts. Try again in {time}.", "Zu viele Versuche. Versuche es in {time} erneut.";
    /// Sign-in failure: rate limit, no wait known (or it passed).
    FailTooManyAttemptsLater => "Too many attempts. Try again later.", "Zu viele Versuche. Versuche es später erneut.";
    /// Sign-in failure: account locked.
    FailAccountLocked => "The account is locked. Use the link we e-mailed you.", "Das Konto ist gesperrt. Nutze den Link aus unserer E-Mail.";
    /// Sign-in failure: captcha wanted.
    FailCaptcha => "Sign-in is paused for a moment. Try again later.", "Die Anmeldung ist kurz pausiert. Versuche es später erneut.";
    /// Sign-in failure: banned.
    FailBanned => "This account is banned.", "Dieses Konto ist gesperrt.";
    /// Account failure: username taken.
    FailUsernameTaken => "That username is taken.", "Dieser Benutzername ist vergeben.";
    /// Account failure: e-mail taken.
    FailEmailTaken => "That e-mail address is already registered.", "Diese E-Mail-Adresse ist bereits registriert.";
    /// Account failure: registration closed.
    FailRegistrationClosed => "New accounts cannot be created right now.", "Neue Konten können gerade nicht erstellt werden.";
    /// The remembered sign-in expired.
    FailSessionEnded => "Your sign-in has expired. Please sign in again.", "Deine Anmeldung ist abgelaufen. Bitte melde dich erneut an.";
    /// Sign-in failure: no connection.
    FailNetwork => "Cannot reach the sign-in server. Check your connection.", "Der Anmeldeserver ist nicht erreichbar. Prüfe deine Verbindung.";
    /// Sign-in failure: the server had a problem.
    FailUnavailable => "Sign-in is not available right now. Try again later.", "Die Anmeldung ist gerade nicht verfügbar. Versuche es später erneut.";
    /// Sign-in failure: the game is not set up for it.
    FailNotConfigured => "Sign-in is not set up in this game.", "Die Anmeldung ist in diesem Spiel nicht eingerichtet.";
    /// Sign-in failure: another refusal.
    FailRefused => "Sign-in was refused (code {code}).", "Die Anmeldung wurde abgelehnt (Code {code}).";
}

/// Built-in and game-supplied texts for every language the game offers.
#[derive(Debug, Clone)]
pub struct UiStrings {
    locale: String,
    overrides: HashMap<String, HashMap<Text, String>>,
}

impl Default for UiStrings {
    fn default() -> Self {
        Self::new("en")
    }
}

impl UiStrings {
    /// The table with `locale` chosen (`"en"`, `"de"`, `"de-DE"`, or one the game adds).
    pub fn new(locale: impl Into<String>) -> Self {
        Self {
            locale: locale.into(),
            overrides: HashMap::new(),
        }
    }

    /// Chooses the language.
    pub fn set_locale(&mut self, locale: impl Into<String>) {
        self.locale = locale.into();
    }

    /// The chosen language as set.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The two-letter form of the chosen language (`"de-DE"` → `"de"`), the form item names
    /// are keyed by.
    pub fn language(&self) -> &str {
        xsolla_liveops::models::common::short_lang(&self.locale)
    }

    /// Replaces one text in one language.
    pub fn set(&mut self, locale: &str, key: Text, text: impl Into<String>) -> &mut Self {
        self.overrides
            .entry(short(locale).to_owned())
            .or_default()
            .insert(key, text.into());
        self
    }

    /// Adds (or extends) a language; keys it leaves out show in English.
    pub fn add_locale(
        &mut self,
        locale: &str,
        texts: impl IntoIterator<Item = (Text, String)>,
    ) -> &mut Self {
        self.overrides
            .entry(short(locale).to_owned())
            .or_default()
            .extend(texts);
        self
    }

    /// The text for `key` in the chosen language: the game's override, else the built-in
    /// text of that language, else English.
    pub fn get(&self, key: Text) -> &str {
        let lang = short(&self.locale);
        if let Some(text) = self.overrides.get(lang).and_then(|m| m.get(&key)) {
            return text;
        }
        match lang {
            "de" => key.german(),
            "en" => key.english(),
            _ => self
                .overrides
                .get("en")
                .and_then(|m| m.get(&key))
                .map_or_else(|| key.english(), String::as_str),
        }
    }

    /// The text for `key` with its placeholders filled: `fmt(Text::Day, &[("n", "3")])`.
    pub fn fmt(&self, key: Text, args: &[(&str, &str)]) -> String {
        let mut out = self.get(key).to_owned();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

fn short(locale: &str) -> &str {
    xsolla_liveops::models::common::short_lang(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_english_overrides_and_a_new_language() {
        let mut s = UiStrings::new("de-DE");
        assert_eq!(s.get(Text::Claim), "Abholen");
        assert_eq!(s.fmt(Text::Day, &[("n", "3")]), "Tag 3");
        s.set("de", Text::Claim, "Holen");
        assert_eq!(s.get(Text::Claim), "Holen");
        s.add_locale("fr", [(Text::Claim, "Réclamer".to_owned())]);
        s.set_locale("fr");
        assert_eq!(s.get(Text::Claim), "Réclamer");
        assert_eq!(s.get(Text::Claimed), "Claimed");
        assert_eq!(s.language(), "fr");
    }

    #[test]
    fn every_key_has_both_built_in_texts() {
        for key in Text::ALL {
            assert!(!key.english().is_empty(), "{key:?}");
            assert!(!key.german().is_empty(), "{key:?}");
        }
    }
}
