//! Fixed-point arithmetic on decimal strings: prices and percents as integers of 10⁻⁸, the
//! discounted price, and whether a price meets price conditions.

use xsolla_liveops::models::common::Decimal;
use xsolla_liveops::models::promotions::{PriceCondition, PriceOperator};

/// Units per 1 in [`fixed`].
pub(super) const SCALE: i128 = 100_000_000;

/// A non-negative decimal string as an integer number of 10⁻⁸ (extra digits are cut off).
pub fn fixed(text: &str) -> Option<i128> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty()
        || int.len() > 20
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (text.contains('.') && frac.is_empty())
    {
        return None;
    }
    let whole: i128 = int.parse().ok()?;
    let mut part: i128 = 0;
    for (i, b) in frac.bytes().take(8).enumerate() {
        part += i128::from(b - b'0') * 10_i128.pow(7 - i as u32);
    }
    Some(whole * SCALE + part)
}

/// `amount` less `percent`, rounded half up to cents, as `"12.34"`.
pub fn discounted(amount: &Decimal, percent: &Decimal) -> Option<Decimal> {
    let a = fixed(amount.as_str())?;
    let p = fixed(percent.as_str())?;
    let hundred = 100 * SCALE;
    let value = a * (hundred - p) / hundred;
    let cents = (value + SCALE / 200) / (SCALE / 100);
    Decimal::new(format!("{}.{:02}", cents / 100, cents % 100)).ok()
}

/// Whether a price (in units of [`fixed`]) meets every condition; a condition whose value does
/// not parse is never met.
pub(super) fn price_ok(price: i128, conditions: &[PriceCondition]) -> bool {
    conditions.iter().all(|c| {
        let Some(v) = fixed(c.value.as_str()) else {
            return false;
        };
        match c.operator {
            PriceOperator::Ge => price >= v,
            PriceOperator::Gt => price > v,
            PriceOperator::Le => price <= v,
            PriceOperator::Lt => price < v,
            PriceOperator::Eq => price == v,
            PriceOperator::Ne => price != v,
            PriceOperator::Other(_) => false,
        }
    })
}
