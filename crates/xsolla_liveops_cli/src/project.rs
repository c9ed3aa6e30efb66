//! A project as resources: what the seed file wants, and what the target has, both in the
//! admin API's request shapes so the two compare field by field.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::{StreamExt, TryStreamExt, stream};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use xsolla_liveops::api::campaigns::{Coupon, PromoCode, UniqueOffer};
use xsolla_liveops::api::discounts::{Bonus, Discount};
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::personalization::{CatalogRuleInput, RuleItemRef};
use xsolla_liveops::models::promotions::Periods;
use xsolla_liveops::models::rewards::{
    ItemValuePointsInput, RewardChainInput, RewardChainUpdate, ValuePointInput,
};
use xsolla_liveops::models::upsell::UpsellInput;
use xsolla_liveops::seed::Seed;
use xsolla_liveops::{Client, Error};

use crate::families::{Campaign, DailyChains, OfferChains, Promotion, SwitchedChain};

/// Runs a read again after a failure that may be passing (a dropped connection, a timeout, a
/// 5xx): reads change nothing, so repeating them is always safe.
pub async fn read<T, F, Fut>(mut call: F) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let mut attempt = 0u64;
    loop {
        match call().await {
            Err(e) if attempt < 5 && e.is_ambiguous() => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            other => return other,
        }
    }
}

/// A kind of resource, in the order they are created. Its facts are its row of [`KINDS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A value point, matched by SKU.
    ValuePoint,
    /// The items that earn a value point, matched by its SKU.
    ValuePointRewards,
    /// A daily chain, matched by name.
    DailyChain,
    /// An offer chain, matched by name.
    OfferChain,
    /// A reward chain, matched by name.
    RewardChain,
    /// The project's upsell setting.
    Upsell,
    /// A discount, matched by name.
    Discount,
    /// A bonus promotion, matched by name.
    Bonus,
    /// A personalization rule, matched by name.
    Rule,
    /// A coupon, matched by external id.
    Coupon,
    /// A promo code, matched by external id.
    PromoCode,
    /// A unique catalog offer, matched by external id.
    UniqueOffer,
}

/// Where a body names catalog items, for the check that the project has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemRefs {
    /// Nowhere: a value point's `sku` is its own, not an item's.
    Nowhere,
    /// In `sku` fields, at any depth.
    SkuFields,
    /// In `sku` fields, and its `items` is a list of bare SKUs.
    SkuFieldsAndItemList,
}

/// The facts of one [`Kind`]: its row of [`KINDS`].
#[derive(Debug)]
pub struct KindInfo {
    /// The kind the row describes.
    pub kind: Kind,
    /// The seed section that holds resources of the kind (`daily_chains`).
    pub section: &'static str,
    /// What one resource of the kind is called in messages (`daily chain`).
    pub noun: &'static str,
    /// Creation stage: value points, then the items that earn them, then everything else.
    /// Deletions run the stages backwards.
    pub stage: usize,
    /// Whether the resources hold codes (the campaigns).
    pub has_codes: bool,
    /// Whether the admin API can delete the resource; `--prune` leaves a kind it cannot.
    pub deletable: bool,
    /// Where the body names catalog items.
    pub item_refs: ItemRefs,
}

/// The facts of every kind, in the order of [`Kind`] (checked when the crate compiles).
pub const KINDS: [KindInfo; 12] = [
    KindInfo {
        kind: Kind::ValuePoint,
        section: "value_points",
        noun: "value point",
        stage: 0,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::Nowhere,
    },
    KindInfo {
        kind: Kind::ValuePointRewards,
        section: "value_point_rewards",
        noun: "value point rewards",
        stage: 1,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::DailyChain,
        section: "daily_chains",
        noun: "daily chain",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::OfferChain,
        section: "offer_chains",
        noun: "offer chain",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::RewardChain,
        section: "reward_chains",
        noun: "reward chain",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::Upsell,
        section: "upsell",
        noun: "upsell",
        stage: 2,
        has_codes: false,
        deletable: false,
        item_refs: ItemRefs::SkuFieldsAndItemList,
    },
    KindInfo {
        kind: Kind::Discount,
        section: "discounts",
        noun: "discount",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::Bonus,
        section: "bonuses",
        noun: "bonus",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::Rule,
        section: "personalization_rules",
        noun: "personalization rule",
        stage: 2,
        has_codes: false,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::Coupon,
        section: "coupons",
        noun: "coupon",
        stage: 2,
        has_codes: true,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::PromoCode,
        section: "promo_codes",
        noun: "promo code",
        stage: 2,
        has_codes: true,
        deletable: true,
        item_refs: ItemRefs::SkuFields,
    },
    KindInfo {
        kind: Kind::UniqueOffer,
        section: "unique_catalog_offers",
        noun: "unique offer",
        stage: 2,
        has_codes: true,
        deletable: true,
        item_refs: ItemRefs::SkuFieldsAndItemList,
    },
];

/// Stops the build when a row of [`KINDS`] is out of the order of [`Kind`].
const _: () = {
    let mut i = 0;
    while i < KINDS.len() {
        assert!(
            KINDS[i].kind as usize == i,
            "KINDS follows the order of Kind"
        );
        i += 1;
    }
};

impl Kind {
    /// The kind's row of [`KINDS`].
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// The seed section ([`KindInfo::section`]).
    pub fn section(self) -> &'static str {
        self.info().section
    }

    /// What one resource of the kind is called in messages ([`KindInfo::noun`]).
    pub fn noun(self) -> &'static str {
        self.info().noun
    }

    /// Creation stage ([`KindInfo::stage`]).
    pub fn stage(self) -> usize {
        self.info().stage
    }

    /// Campaigns that hold codes ([`KindInfo::has_codes`]).
    pub fn has_codes(self) -> bool {
        self.info().has_codes
    }
}

/// A resource as the file wants it.
#[derive(Debug, Clone)]
pub struct Desired {
    /// The resource kind.
    pub kind: Kind,
    /// The key the resource is matched by.
    pub key: String,
    /// JSON path of the entry in the file (`coupons[2]`).
    pub path: String,
    /// The body in canonical form (`/v3` periods; `is_enabled` included for campaigns and
    /// promotions).
    pub body: Value,
    /// Codes the campaign must hold.
    pub codes: Vec<String>,
    /// Codes the campaign must hold besides the listed ones, generated when missing.
    pub generate: u32,
}

/// The id a resource has on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteId {
    /// A numeric id (chains, promotions, rules).
    Num(i64),
    /// A text id (value points by SKU, campaigns by external id).
    Text(String),
    /// The project's only one (upsell).
    Singleton,
}

/// A resource as the target has it.
#[derive(Debug, Clone)]
pub struct Remote {
    /// The resource kind.
    pub kind: Kind,
    /// The key the resource is matched by.
    pub key: String,
    /// The target's id of the resource.
    pub id: RemoteId,
    /// The body in the same canonical form as [`Desired::body`].
    pub body: Value,
    /// The body with the server's step ids (chains), to keep players' progress on update.
    pub raw: Value,
    /// Number of codes (campaigns).
    pub code_count: u64,
}

/// A problem in the seed file, at a JSON path.
#[derive(Debug)]
pub struct FileError {
    /// JSON path of the value at fault.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

/// The text a resource without an id of its own is matched by: its English name, else the
/// name in the first language that has one.
pub fn name_key(name: &LocalizedText) -> String {
    for lang in ["en", "en-US", "en_US", "en-GB"] {
        if let Some(Some(text)) = name.0.get(lang) {
            return text.clone();
        }
    }
    name.0
        .values()
        .flatten()
        .next()
        .cloned()
        .unwrap_or_default()
}

fn canon<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn join_path(base: &str, inner: &str) -> String {
    if inner == "." || inner.is_empty() {
        base.to_owned()
    } else if inner.starts_with('[') {
        format!("{base}{inner}")
    } else {
        format!("{base}.{inner}")
    }
}

fn typed<T: DeserializeOwned>(path: &str, value: Value) -> Result<T, FileError> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let inner = e.path().to_string();
        let message = e.into_inner().to_string();
        let inner = if inner == "." {
            culprit::<T>(&value, &message).unwrap_or(inner)
        } else {
            inner
        };
        FileError {
            path: join_path(path, &inner),
            message,
        }
    })
}

/// Bodies with flattened parts lose the path of an error inside them; the field whose removal
/// changes the error is the one at fault.
fn culprit<T: DeserializeOwned>(value: &Value, message: &str) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    let after_removing = |key: &String| {
        let mut without = map.clone();
        without.remove(key);
        serde_json::from_value::<T>(Value::Object(without)).map(drop)
    };
    map.keys()
        .find(|key| after_removing(key).is_ok())
        .or_else(|| {
            map.keys().find(|key| match after_removing(key) {
                Ok(()) => true,
                Err(e) => {
                    let text = e.to_string();
                    text != message && !text.contains(&format!("missing field `{key}`"))
                }
            })
        })
        .cloned()
}

/// Rewrites a `/v2` validity (`date_start`/`date_end`) as `/v3` `promotion_periods`.
fn to_periods(map: &mut Map<String, Value>) {
    if map.contains_key("date_start") || map.contains_key("date_end") {
        let from = map.remove("date_start").unwrap_or(Value::Null);
        let until = map.remove("date_end").unwrap_or(Value::Null);
        let mut period = Map::new();
        period.insert("date_from".into(), from);
        if !until.is_null() {
            period.insert("date_until".into(), until);
        }
        map.insert("promotion_periods".into(), json!([period]));
    }
}

/// Removes the server's ids from a chain body: the chain `id` and each step's `step_id`.
pub fn strip_ids(mut body: Value) -> Value {
    if let Value::Object(map) = &mut body {
        map.remove("id");
        if let Some(Value::Array(steps)) = map.get_mut("steps") {
            for step in steps {
                if let Value::Object(s) = step {
                    s.remove("step_id");
                }
            }
        }
    }
    body
}

/// What the file says, resource by resource, with warnings about what cannot be carried.
pub struct FileProject {
    /// The resources, in file order by kind.
    pub desired: Vec<Desired>,
    /// What the file says that cannot be carried to the project.
    pub warnings: Vec<String>,
}

/// Reads the resources of a seed, checking each entry against its admin body.
pub fn desired(seed: &Seed) -> Result<FileProject, FileError> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (i, vp) in seed.value_points.iter().enumerate() {
        out.push(entry(
            Kind::ValuePoint,
            vp.sku.0.clone(),
            format!("value_points[{i}]"),
            canon(vp),
        ));
    }
    for (sku, items) in &seed.value_point_rewards {
        if items.is_empty() {
            continue;
        }
        out.push(entry(
            Kind::ValuePointRewards,
            sku.clone(),
            format!("value_point_rewards.{sku}"),
            reward_list(items.clone()),
        ));
    }
    chain_entries::<DailyChains>(&seed.daily_chains, &mut out);
    chain_entries::<OfferChains>(&seed.offer_chains, &mut out);
    for (i, c) in seed.reward_chains.iter().enumerate() {
        out.push(entry(
            Kind::RewardChain,
            name_key(&c.name),
            format!("reward_chains[{i}]"),
            canon(c),
        ));
    }
    if let Some(u) = &seed.upsell {
        out.push(entry(
            Kind::Upsell,
            "upsell".into(),
            "upsell".into(),
            canon(u),
        ));
    }
    promotion_entries::<Discount>(&seed.discounts, &mut out)?;
    promotion_entries::<Bonus>(&seed.bonuses, &mut out)?;
    for (i, rule) in seed.personalization_rules.iter().enumerate() {
        let path = format!("personalization_rules[{i}]");
        let input: CatalogRuleInput = typed(&path, rule.clone())?;
        out.push(entry(Kind::Rule, input.name.clone(), path, canon(&input)));
    }
    if let Some(login) = &seed.login {
        warnings.push(format!(
            "`login` ({} client(s), {} player(s)) is skipped: Xsolla's admin API can neither \
             set nor read Login clients and players (the emulator alone reads them from a seed)",
            login.clients.len(),
            login.users.len()
        ));
    }
    campaign_entries::<Coupon>(&seed.coupons, &mut out, &mut warnings)?;
    campaign_entries::<PromoCode>(&seed.promo_codes, &mut out, &mut warnings)?;
    campaign_entries::<UniqueOffer>(&seed.unique_catalog_offers, &mut out, &mut warnings)?;
    check_unique(&out)?;
    Ok(FileProject {
        desired: out,
        warnings,
    })
}

/// A resource of the file without codes.
fn entry(kind: Kind, key: String, path: String, body: Value) -> Desired {
    Desired {
        kind,
        key,
        path,
        body,
        codes: Vec::new(),
        generate: 0,
    }
}

/// The daily or offer chains of the file.
fn chain_entries<C: SwitchedChain>(chains: &[C::Input], out: &mut Vec<Desired>) {
    for (i, c) in chains.iter().enumerate() {
        out.push(entry(
            C::KIND,
            name_key(C::name(c)),
            format!("{}[{i}]", C::KIND.section()),
            strip_ids(canon(c)),
        ));
    }
}

/// Entry `i` of a section of promotions or campaigns, written as creation bodies: its JSON
/// path, its fields without `is_enabled`, and `is_enabled` (`enabled` when left out).
fn creation_entry(
    kind: Kind,
    i: usize,
    entry: &Value,
    enabled: bool,
) -> Result<(String, Map<String, Value>, bool), FileError> {
    let path = format!("{}[{i}]", kind.section());
    let Value::Object(mut map) = entry.clone() else {
        let what = if kind.has_codes() {
            "a campaign's"
        } else {
            "a promotion's"
        };
        return Err(FileError {
            path,
            message: format!("expected an object ({what} creation body)"),
        });
    };
    let enabled = take_bool(&mut map, "is_enabled", &path)?.unwrap_or(enabled);
    Ok((path, map, enabled))
}

/// The discounts or bonuses of the file; enabled unless the file says otherwise.
fn promotion_entries<K: Promotion>(
    entries: &[Value],
    out: &mut Vec<Desired>,
) -> Result<(), FileError> {
    for (i, raw) in entries.iter().enumerate() {
        let (path, mut map, enabled) = creation_entry(K::KIND, i, raw, true)?;
        to_periods(&mut map);
        let input: K::Input<Periods> = typed(&path, Value::Object(map))?;
        let mut body = canon(&input);
        set(&mut body, "is_enabled", Value::Bool(enabled));
        out.push(entry(K::KIND, name_key(K::name(&input)), path, body));
    }
    Ok(())
}

/// The coupons, promo codes or unique offers of the file, with the codes each must hold;
/// disabled unless the file says otherwise.
fn campaign_entries<K: Campaign>(
    entries: &[Value],
    out: &mut Vec<Desired>,
    warnings: &mut Vec<String>,
) -> Result<(), FileError> {
    for (i, raw) in entries.iter().enumerate() {
        let (path, mut map, enabled) = creation_entry(K::KIND, i, raw, false)?;
        let codes: Vec<String> = match map.remove("codes") {
            Some(v) => typed(&format!("{path}.codes"), v)?,
            None => Vec::new(),
        };
        let generate: u32 = match map.remove("generate") {
            Some(v) => typed(&format!("{path}.generate"), v)?,
            None => 0,
        };
        if map.remove("user_limit_reset").is_some() {
            warnings.push(format!(
                "{path}.user_limit_reset is not carried: Xsolla's admin API has no field for \
                 it (the emulator alone reads it from a seed)"
            ));
        }
        to_periods(&mut map);
        let input: K::New<Periods> = typed(&path, Value::Object(map))?;
        let mut body = canon(&input);
        set(&mut body, "is_enabled", Value::Bool(enabled));
        out.push(Desired {
            codes,
            generate,
            ..entry(K::KIND, K::external_id(&input).to_owned(), path, body)
        });
    }
    Ok(())
}

fn take_bool(
    map: &mut Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<bool>, FileError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(other) => Err(FileError {
            path: format!("{path}.{key}"),
            message: format!("expected a boolean, found {other}"),
        }),
    }
}

fn set(body: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = body {
        map.insert(key.to_owned(), value);
    }
}

fn check_unique(desired: &[Desired]) -> Result<(), FileError> {
    let mut seen: BTreeMap<(Kind, &str), &str> = BTreeMap::new();
    for d in desired {
        if let Some(first) = seen.insert((d.kind, d.key.as_str()), d.path.as_str()) {
            return Err(FileError {
                path: d.path.clone(),
                message: format!(
                    "a second {} matched by \"{}\" (the first is `{first}`): each resource needs \
                     a key of its own",
                    d.kind.noun(),
                    d.key
                ),
            });
        }
    }
    Ok(())
}

/// Item rewards of a value point, sorted by SKU.
pub fn reward_list(mut items: Vec<ItemValuePointsInput>) -> Value {
    items.sort_by(|a, b| a.sku.0.cmp(&b.sku.0));
    canon(&items)
}

/// The catalog SKUs the file refers to, each with the first JSON path that names it.
pub fn referenced_skus(desired: &[Desired]) -> BTreeMap<String, String> {
    fn walk(value: &Value, path: &str, out: &mut BTreeMap<String, String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "value_point" {
                        continue;
                    }
                    let p = format!("{path}.{k}");
                    if k == "sku"
                        && let Value::String(s) = v
                    {
                        out.entry(s.clone()).or_insert(p);
                    } else {
                        walk(v, &p, out);
                    }
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    walk(v, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for d in desired {
        match d.kind.info().item_refs {
            ItemRefs::Nowhere => {}
            ItemRefs::SkuFields => walk(&d.body, &d.path, &mut out),
            ItemRefs::SkuFieldsAndItemList => {
                if let Some(Value::Array(items)) = d.body.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::String(s) = item {
                            out.entry(s.clone())
                                .or_insert(format!("{}.items[{i}]", d.path));
                        }
                    }
                }
                walk(&d.body, &d.path, &mut out);
            }
        }
    }
    out
}

/// Reads every resource the target project has.
pub async fn read_remote(client: &Client, concurrency: usize) -> Result<Vec<Remote>, Error> {
    let mut out = read_value_points(client, concurrency).await?;
    out.extend(read_chains::<DailyChains>(client, concurrency).await?);
    out.extend(read_chains::<OfferChains>(client, concurrency).await?);
    out.extend(read_reward_chains(client, concurrency).await?);
    out.extend(read_upsell(client).await?);
    out.extend(read_promotions::<Discount>(client).await?);
    out.extend(read_promotions::<Bonus>(client).await?);
    out.extend(read_rules(client).await?);
    out.extend(read_campaigns::<Coupon>(client).await?);
    out.extend(read_campaigns::<PromoCode>(client).await?);
    out.extend(read_campaigns::<UniqueOffer>(client).await?);
    Ok(out)
}

/// The project's value points, then the item rewards of each (those with any).
async fn read_value_points(client: &Client, concurrency: usize) -> Result<Vec<Remote>, Error> {
    let admin = client.admin();
    let vps = read(|| admin.value_points().list().all()).await?;
    let rewards: Vec<(String, Vec<ItemValuePointsInput>)> = stream::iter(vps.iter())
        .map(|vp| async move {
            let list = read(|| admin.value_points().item_rewards(vp.sku.clone()).send()).await?;
            Ok::<_, Error>((
                vp.sku.0.clone(),
                list.items
                    .into_iter()
                    .map(ItemValuePointsInput::from)
                    .collect(),
            ))
        })
        .buffered(concurrency)
        .try_collect()
        .await?;
    let mut out = Vec::new();
    for vp in vps {
        let key = vp.sku.0.clone();
        out.push(remote(
            Kind::ValuePoint,
            key.clone(),
            RemoteId::Text(key),
            canon(&ValuePointInput::from(vp)),
        ));
    }
    for (sku, items) in rewards {
        if !items.is_empty() {
            out.push(remote(
                Kind::ValuePointRewards,
                sku.clone(),
                RemoteId::Text(sku),
                reward_list(items),
            ));
        }
    }
    Ok(out)
}

/// The project's reward chains, each read on its own for its steps. `body` names the value
/// point and clan type as a creation body does; `raw` is the update body with step ids.
async fn read_reward_chains(client: &Client, concurrency: usize) -> Result<Vec<Remote>, Error> {
    let admin = client.admin();
    let chains = read(|| admin.reward_chains().list().all()).await?;
    let chains: Vec<_> = stream::iter(chains)
        .map(|c| async move { read(|| admin.reward_chains().get(c.reward_chain_id).send()).await })
        .buffered(concurrency)
        .try_collect()
        .await?;
    let mut out = Vec::new();
    for c in chains {
        let id = c.reward_chain_id.0;
        let value_point = c.value_point.sku.clone();
        let clan_type = c.clan_type.clone();
        let update = RewardChainUpdate::from(c);
        let raw = canon(&update);
        let mut body = strip_ids(raw.clone());
        set(&mut body, "value_point", json!({ "sku": value_point }));
        if let Some(clan) = clan_type {
            set(&mut body, "clan_type", canon(&clan));
        }
        let body = match serde_json::from_value::<RewardChainInput>(body.clone()) {
            Ok(input) => canon(&input),
            Err(_) => body,
        };
        out.push(Remote {
            raw,
            ..remote(
                Kind::RewardChain,
                name_key(&update.name),
                RemoteId::Num(id),
                body,
            )
        });
    }
    Ok(out)
}

/// The project's upsell setting, when it has one that can be written as a body.
async fn read_upsell(client: &Client) -> Result<Option<Remote>, Error> {
    let admin = client.admin();
    let config = read(|| admin.upsell().get().send()).await?.into_config();
    Ok(config
        .and_then(|c| UpsellInput::try_from(c).ok())
        .map(|input| {
            remote(
                Kind::Upsell,
                "upsell".into(),
                RemoteId::Singleton,
                canon(&input),
            )
        }))
}

/// The project's personalization rules, items named by SKU where the project gives one.
async fn read_rules(client: &Client) -> Result<Vec<Remote>, Error> {
    let admin = client.admin();
    let mut out = Vec::new();
    for rule in read(|| admin.personalization().list().all()).await? {
        let id = rule.rule_id.0;
        let items = rule
            .items
            .iter()
            .filter_map(|i| match (&i.sku, i.item_id) {
                (Some(sku), _) => Some(RuleItemRef::from(sku.clone())),
                (None, Some(id)) => Some(RuleItemRef::from(id)),
                (None, None) => None,
            })
            .collect();
        let input = CatalogRuleInput {
            items,
            ..CatalogRuleInput::from(rule)
        };
        out.push(remote(
            Kind::Rule,
            input.name.clone(),
            RemoteId::Num(id),
            canon(&input),
        ));
    }
    Ok(out)
}

/// A resource read back whose body is also its raw body, without codes.
fn remote(kind: Kind, key: String, id: RemoteId, body: Value) -> Remote {
    Remote {
        kind,
        key,
        id,
        raw: body.clone(),
        body,
        code_count: 0,
    }
}

/// The project's daily or offer chains: `raw` keeps the server's ids, `body` does not.
async fn read_chains<C: SwitchedChain>(
    client: &Client,
    concurrency: usize,
) -> Result<Vec<Remote>, Error> {
    let chains = C::read_all(client, concurrency).await?;
    let to_remote = |(id, input): (i64, C::Input)| {
        let raw = canon(&input);
        Remote {
            raw: raw.clone(),
            ..remote(
                C::KIND,
                name_key(C::name(&input)),
                RemoteId::Num(id),
                strip_ids(raw),
            )
        }
    };
    Ok(chains.into_iter().map(to_remote).collect())
}

/// The project's discounts or bonuses, with `is_enabled` in their bodies; one that cannot be
/// written as a body is left out.
async fn read_promotions<K: Promotion>(client: &Client) -> Result<Vec<Remote>, Error> {
    let admin = client.admin();
    let list = read(|| admin.promotions_of::<K>().list().all()).await?;
    let to_remote = |(id, enabled, input): (i64, bool, K::Input<Periods>)| {
        let mut body = canon(&input);
        set(&mut body, "is_enabled", Value::Bool(enabled));
        remote(K::KIND, name_key(K::name(&input)), RemoteId::Num(id), body)
    };
    Ok(list
        .into_iter()
        .filter_map(K::read_back)
        .map(to_remote)
        .collect())
}

/// The project's coupons, promo codes or unique offers, with `is_enabled` in their bodies and
/// their code counts.
async fn read_campaigns<K: Campaign>(client: &Client) -> Result<Vec<Remote>, Error> {
    let admin = client.admin();
    let list = read(|| admin.campaigns::<K>().list().all()).await?;
    let to_remote = |c: K::Admin<Periods>| {
        let (enabled, count) = K::state(&c);
        let new = <K::New<Periods>>::from(c);
        campaign(K::KIND, K::external_id(&new), canon(&new), enabled, count)
    };
    Ok(list.into_iter().map(to_remote).collect())
}

fn campaign(kind: Kind, key: &str, mut body: Value, enabled: bool, count: u64) -> Remote {
    set(&mut body, "is_enabled", Value::Bool(enabled));
    Remote {
        kind,
        key: key.to_owned(),
        id: RemoteId::Text(key.to_owned()),
        raw: body.clone(),
        body,
        code_count: count,
    }
}

/// Remote resources by kind and key; a key held twice on the target is ambiguous.
pub fn index(remote: Vec<Remote>) -> Result<BTreeMap<(Kind, String), Remote>, String> {
    let mut map = BTreeMap::new();
    let mut twice = BTreeSet::new();
    for r in remote {
        let k = (r.kind, r.key.clone());
        if map.insert(k.clone(), r).is_some() {
            twice.insert(k);
        }
    }
    if let Some((kind, key)) = twice.into_iter().next() {
        return Err(format!(
            "the target holds more than one {} matched by \"{key}\": rename one in Publisher \
             Account so each can be matched",
            kind.noun()
        ));
    }
    Ok(map)
}
