//! Types shared by several LiveOps features: localized text, times, money, conditions,
//! schedules, list envelopes.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date-time with the UTC offset it was written with (`"2020-04-15T18:16:00+05:00"`).
pub type DateTime = chrono::DateTime<chrono::FixedOffset>;

/// Localized text: language key → text.
///
/// Xsolla accepts two-letter keys (`"en"`) and five-letter keys (`"en-US"`) on input and
/// answers with two-letter keys; promotion names use five-letter keys. The keys are kept as
/// sent so a value survives a round trip; [`LocalizedText::get`] finds a language in either
/// form and [`LocalizedText::normalized`] gives the two-letter form Xsolla answers with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocalizedText(pub BTreeMap<String, Option<String>>);

impl LocalizedText {
    /// Text in one language, e.g. `LocalizedText::en("Daily reward")`.
    pub fn en(text: impl Into<String>) -> Self {
        Self::default().with("en", text)
    }

    /// Adds or replaces a language.
    pub fn with(mut self, lang: impl Into<String>, text: impl Into<String>) -> Self {
        self.0.insert(lang.into(), Some(text.into()));
        self
    }

    /// The text for a language given as `"en"` or `"en-US"`, whichever form the value holds.
    pub fn get(&self, lang: &str) -> Option<&str> {
        let short = short_lang(lang);
        self.0
            .iter()
            .filter(|(k, _)| short_lang(k) == short)
            .find_map(|(_, v)| v.as_deref())
    }

    /// The text for `lang`, else English, else any language.
    pub fn resolve(&self, lang: &str) -> Option<&str> {
        self.get(lang)
            .or_else(|| self.get("en"))
            .or_else(|| self.0.values().find_map(|v| v.as_deref()))
    }

    /// The same text with two-letter keys (`"zh-CN"` → `"cn"`, `"zh-TW"` → `"tw"`).
    pub fn normalized(&self) -> Self {
        Self(
            self.0
                .iter()
                .map(|(k, v)| (short_lang(k).to_owned(), v.clone()))
                .collect(),
        )
    }

    /// True when no language has text.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Option::is_none)
    }
}

/// Xsolla's two-letter form of a language key.
pub fn short_lang(key: &str) -> &str {
    match key {
        "zh-CN" => "cn",
        "zh-TW" => "tw",
        "ph-PH" => "ph",
        _ => key.split('-').next().unwrap_or(key),
    }
}

/// A point in time as Unix seconds (`unlocked_date`, `reset_next_date`).
///
/// Xsolla sometimes writes milliseconds where seconds are documented; values of 10^11 and above
/// are read as milliseconds, so the type always holds seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> i64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for UnixTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = i64::deserialize(d)?;
        // Seconds up to 10^11 (the year 5138); milliseconds above, up to 10^14. Anything larger
        // is refused, so that reading back what was written gives the same time.
        if raw.abs() >= 100_000_000_000_000 {
            return Err(serde::de::Error::custom(format!(
                "{raw} is out of range for a Unix time in seconds or milliseconds"
            )));
        }
        Ok(Self(if raw.abs() >= 100_000_000_000 {
            raw / 1000
        } else {
            raw
        }))
    }
}

/// An exact decimal amount (money, percentages), never rounded through a float.
///
/// Xsolla writes most amounts as strings (`"2.9900"`) and a few as JSON numbers; the value keeps
/// its text and the form it came in, and is written back the same way.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
    as_number: bool,
}

/// A string that is not a plain decimal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a decimal number: {0:?}")]
pub struct DecimalError(pub String);

fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

impl Decimal {
    /// Parses `"12"`, `"2.99"`, `"-0.5"`; written as a JSON string.
    pub fn new(text: impl Into<String>) -> Result<Self, DecimalError> {
        let text = text.into();
        if is_decimal(&text) {
            Ok(Self {
                text,
                as_number: false,
            })
        } else {
            Err(DecimalError(text))
        }
    }

    /// The exact text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as a float, for display only.
    pub fn to_f64(&self) -> f64 {
        self.text.parse().unwrap_or(0.0)
    }

    /// True when the value is zero.
    pub fn is_zero(&self) -> bool {
        self.text
            .trim_start_matches('-')
            .bytes()
            .all(|b| b == b'0' || b == b'.')
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({})", self.text)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<i64> for Decimal {
    /// A whole number, written as a JSON string.
    fn from(value: i64) -> Self {
        Self {
            text: value.to_string(),
            as_number: false,
        }
    }
}

impl std::str::FromStr for Decimal {
    type Err = DecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.as_number {
            match self.text.parse::<i64>() {
                Ok(i) => s.serialize_i64(i),
                Err(_) => s.serialize_f64(self.to_f64()),
            }
        } else {
            s.serialize_str(&self.text)
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number as a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                Decimal::new(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal {
                    text: v.to_string(),
                    as_number: true,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal {
                    text: v.to_string(),
                    as_number: true,
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                if !v.is_finite() {
                    return Err(E::custom("amount is not finite"));
                }
                Ok(Decimal {
                    text: v.to_string(),
                    as_number: true,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A price: amount and ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    /// The amount.
    pub amount: Decimal,
    /// ISO 4217 currency code (`"USD"`).
    pub currency: String,
}

/// How a date or number attribute is compared. Xsolla's codes are kept as they are:
/// `er` earlier/less, `lt` later/greater, `ee` earlier-or-equal, `le` later-or-equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderOperator {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Earlier than / less than the value.
    Er,
    /// Later than / greater than the value.
    Lt,
    /// Earlier than or equal to / at most the value.
    Ee,
    /// Later than or equal to / at least the value.
    Le,
}

/// How a string attribute is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StringOperator {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
}

/// One personalization condition on a player attribute; a list of them must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AttributeCondition {
    /// Compares a string attribute.
    String {
        /// Attribute code.
        attribute: String,
        /// Comparison.
        operator: StringOperator,
        /// Value to compare with.
        value: String,
        /// The condition holds for players who lack the attribute.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        can_be_missing: Option<bool>,
    },
    /// Compares a date attribute.
    Date {
        /// Attribute code.
        attribute: String,
        /// Comparison.
        operator: OrderOperator,
        /// Value to compare with (a date).
        value: String,
        /// The condition holds for players who lack the attribute.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        can_be_missing: Option<bool>,
    },
    /// Compares a number attribute.
    Number {
        /// Attribute code.
        attribute: String,
        /// Comparison.
        operator: OrderOperator,
        /// Value to compare with (a number).
        value: String,
        /// The condition holds for players who lack the attribute.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        can_be_missing: Option<bool>,
    },
}

impl AttributeCondition {
    /// The attribute code the condition reads.
    pub fn attribute(&self) -> &str {
        match self {
            Self::String { attribute, .. }
            | Self::Date { attribute, .. }
            | Self::Number { attribute, .. } => attribute,
        }
    }
}

/// How often a scheduled reset happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntervalType {
    /// Every hour.
    Hourly,
    /// Every day at `time`.
    Daily,
    /// Every week on `day_of_week` at `time`.
    Weekly,
    /// Every month on `day_of_month` at `time`.
    Monthly,
}

/// A scheduled reset, as written (`oneOf` keyed by `interval_type`; extra keys are rejected).
///
/// `time` is a whole hour with a UTC offset, `"02:00:00+03:00"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "interval_type", rename_all = "lowercase")]
pub enum RecurrentSchedule {
    /// Every hour, on the hour.
    Hourly {},
    /// Every day at `time`.
    Daily {
        /// `"HH:00:00+hh:mm"`.
        time: String,
    },
    /// Every week.
    Weekly {
        /// 1 = Monday … 7 = Sunday.
        day_of_week: u8,
        /// `"HH:00:00+hh:mm"`.
        time: String,
    },
    /// Every month; on shorter months the reset happens on the last day.
    Monthly {
        /// 1..31.
        day_of_month: u8,
        /// `"HH:00:00+hh:mm"`.
        time: String,
    },
}

impl RecurrentSchedule {
    /// The interval.
    pub fn interval_type(&self) -> IntervalType {
        match self {
            Self::Hourly {} => IntervalType::Hourly,
            Self::Daily { .. } => IntervalType::Daily,
            Self::Weekly { .. } => IntervalType::Weekly,
            Self::Monthly { .. } => IntervalType::Monthly,
        }
    }
}

/// A scheduled reset as a create or update body writes it: [`RecurrentSchedule`], refusing the
/// dates the server computes (`reset_next_date`, `displayable_reset_start_date`,
/// `displayable_reset_next_date`) and any key the interval does not have, each named in the
/// error. Input bodies read their `recurrent_schedule` through it
/// ([`ScheduleInput::deserialize_option`], [`ScheduleInput::deserialize_plain`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ScheduleInput(pub RecurrentSchedule);

/// The keys the server fills in on a schedule it answers with.
pub const COMPUTED_SCHEDULE_KEYS: [&str; 3] = [
    "reset_next_date",
    "displayable_reset_start_date",
    "displayable_reset_next_date",
];

impl<'de> Deserialize<'de> for ScheduleInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let allowed: &[&'static str] = match map.get("interval_type").and_then(|v| v.as_str()) {
            Some("hourly") => &["interval_type"],
            Some("daily") => &["interval_type", "time"],
            Some("weekly") => &["interval_type", "day_of_week", "time"],
            Some("monthly") => &["interval_type", "day_of_month", "time"],
            _ => &[],
        };
        if !allowed.is_empty() {
            for key in map.keys() {
                if COMPUTED_SCHEDULE_KEYS.contains(&key.as_str()) {
                    return Err(de::Error::custom(format_args!(
                        "unknown field `{key}`: the server computes it"
                    )));
                }
                if !allowed.contains(&key.as_str()) {
                    return Err(de::Error::unknown_field(key, allowed));
                }
            }
        }
        RecurrentSchedule::deserialize(serde_json::Value::Object(map))
            .map(Self)
            .map_err(de::Error::custom)
    }
}

impl ScheduleInput {
    /// `deserialize_with` for an `Option<RecurrentSchedule>` field of a write body.
    pub fn deserialize_option<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<RecurrentSchedule>, D::Error> {
        Ok(Option::<Self>::deserialize(d)?.map(|s| s.0))
    }

    /// `deserialize_with` for a `RecurrentSchedule` field of a write body.
    pub fn deserialize_plain<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<RecurrentSchedule, D::Error> {
        Self::deserialize(d).map(|s| s.0)
    }
}

impl From<RecurrentSchedule> for ScheduleInput {
    fn from(s: RecurrentSchedule) -> Self {
        Self(s)
    }
}

/// A scheduled reset as the admin API reads it back: the schedule plus computed dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurrentScheduleState {
    /// The schedule.
    #[serde(flatten)]
    pub schedule: RecurrentSchedule,
    /// Next reset, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_next_date: Option<UnixTime>,
    /// First reset, ISO date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displayable_reset_start_date: Option<String>,
    /// Next reset, ISO date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displayable_reset_next_date: Option<String>,
}

/// A scheduled reset as a player sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSchedule {
    /// The interval.
    pub interval_type: IntervalType,
    /// Next reset, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_next_date: Option<UnixTime>,
}

/// One page of a list (`{has_more, total_items_count?, items}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPage<T> {
    /// More items follow this page.
    #[serde(default)]
    pub has_more: bool,
    /// Total number of items, when the operation reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items_count: Option<u64>,
    /// The items.
    pub items: Vec<T>,
}

/// Paging query of a list operation: `limit` and 0-based `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageQuery {
    /// Items per page; clamped to the operation's maximum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Items to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// The answer of an operation that answers with no body (204), or whose body carries nothing
/// of use. Any body is accepted and ignored, so 204 and 200 replies are the same to callers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::IgnoredAny::deserialize(d)?;
        Ok(NoContent)
    }
}

impl Serialize for NoContent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

/// Item kinds in rewards and chain steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// A virtual item.
    VirtualGood,
    /// Virtual currency.
    VirtualCurrency,
    /// A bundle (including virtual currency packages).
    Bundle,
    /// A unit (a game with several keys).
    Unit,
    /// A game key.
    GameKey,
    /// A physical good.
    PhysicalGood,
    /// Value points (reward-system points).
    ValuePoint,
    /// A type this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// A reward item as a player sees it (names resolved to one language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientRewardItem {
    /// Item id.
    pub item_id: crate::ids::ItemId,
    /// SKU.
    pub sku: crate::ids::Sku,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Item kind.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Free item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_free: Option<bool>,
    /// Quantity granted.
    #[serde(default = "one")]
    pub quantity: i64,
    /// Display order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    /// Bundle content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<ClientRewardItem>,
}

fn one() -> i64 {
    1
}

/// A step reward as written: SKU and quantity.
#[cfg(feature = "admin")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepItemInput {
    /// SKU.
    pub sku: crate::ids::Sku,
    /// Quantity granted.
    pub quantity: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_keeps_text_and_form() {
        let d: Decimal = serde_json::from_str("\"2.9900\"").unwrap();
        assert_eq!(d.as_str(), "2.9900");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2.9900\"");
        let n: Decimal = serde_json::from_str("12").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "12");
        let f: Decimal = serde_json::from_str("4.99").unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), "4.99");
        assert!(serde_json::from_str::<Decimal>("\"1e5\"").is_err());
        assert!(Decimal::new("0.000").unwrap().is_zero());
    }

    #[test]
    fn unix_time_reads_milliseconds_as_seconds() {
        let t: UnixTime = serde_json::from_str("1677553200000").unwrap();
        assert_eq!(t.seconds(), 1_677_553_200);
        let t: UnixTime = serde_json::from_str("1677553200").unwrap();
        assert_eq!(t.seconds(), 1_677_553_200);
    }

    #[test]
    fn localized_text_finds_both_key_forms() {
        let t: LocalizedText = serde_json::from_str(r#"{"en-US":"Hi","zh-CN":"你好"}"#).unwrap();
        assert_eq!(t.get("en"), Some("Hi"));
        assert_eq!(t.get("cn"), Some("你好"));
        assert_eq!(t.normalized().0.keys().collect::<Vec<_>>(), ["cn", "en"]);
        assert_eq!(t.resolve("de"), Some("Hi"));
    }

    #[test]
    fn a_written_schedule_refuses_computed_and_foreign_keys() {
        let ok: ScheduleInput =
            serde_json::from_str(r#"{"interval_type":"daily","time":"02:00:00+03:00"}"#).unwrap();
        assert_eq!(ok.0.interval_type(), IntervalType::Daily);
        let computed = serde_json::from_str::<ScheduleInput>(
            r#"{"interval_type":"daily","time":"02:00:00+03:00","reset_next_date":1}"#,
        )
        .unwrap_err();
        assert!(
            computed.to_string().contains("`reset_next_date`"),
            "{computed}"
        );
        let foreign = serde_json::from_str::<ScheduleInput>(
            r#"{"interval_type":"daily","time":"02:00:00+03:00","day_of_week":2}"#,
        )
        .unwrap_err();
        assert!(foreign.to_string().contains("`day_of_week`"), "{foreign}");
        assert!(serde_json::from_str::<ScheduleInput>(r#"{"interval_type":"yearly"}"#).is_err());
        // The read form keeps accepting what the server answers.
        let read: RecurrentScheduleState = serde_json::from_str(
            r#"{"interval_type":"daily","time":"02:00:00+03:00","reset_next_date":1}"#,
        )
        .unwrap();
        assert_eq!(read.reset_next_date.map(UnixTime::seconds), Some(1));
    }

    #[test]
    fn schedules_round_trip_and_reject_unknown_interval() {
        let json = r#"{"interval_type":"weekly","day_of_week":1,"time":"01:00:00+08:00"}"#;
        let s: RecurrentSchedule = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
        assert!(
            serde_json::from_str::<RecurrentSchedule>(r#"{"interval_type":"yearly"}"#).is_err()
        );
    }
}
