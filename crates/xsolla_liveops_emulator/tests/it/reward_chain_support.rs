//! What the reward chain tests share: a chain body, and the admin, control-API and claim calls
//! they make over and over.

use crate::common::*;
use reqwest::Method;
use serde_json::json;
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::rewards::{
    ClaimRefusal, ClientRewardChain, RewardChainInput, RewardItemInput, RewardStepInput, StepPrice,
    ValuePointRef,
};
use xsolla_liveops::{Client, RewardChainId, StepId};

/// A chain named `name` on the value point `vp`, starting at `T0`, with one step per
/// `(price, item, quantity)` named `{step_name} {n}`, and nothing else set.
pub fn chain(
    name: LocalizedText,
    vp: &str,
    step_name: &str,
    steps: &[(i64, &str, i64)],
) -> RewardChainInput {
    RewardChainInput {
        name,
        description: None,
        long_description: None,
        image_url: None,
        order: None,
        date_start: date(T0),
        date_end: None,
        is_enabled: true,
        value_point: ValuePointRef { sku: vp.into() },
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, &(price, sku, quantity))| RewardStepInput {
                name: LocalizedText::en(format!("{step_name} {}", i + 1)),
                price: StepPrice::points(price),
                image_url: None,
                reward: vec![RewardItemInput::new(sku, quantity)],
            })
            .collect(),
        recurrent_schedule: None,
        attribute_conditions: None,
        is_always_visible: None,
        popup_header: None,
        popup_instruction: None,
        popup_image_url: None,
        clan_type: None,
    }
}

/// Creates a chain through the admin API; its id.
pub async fn create_chain(c: &Client, input: RewardChainInput) -> RewardChainId {
    c.admin()
        .reward_chains()
        .create(input)
        .send()
        .await
        .unwrap()
        .reward_chain_id
}

/// The ids of a chain's steps, in order.
pub async fn step_ids(c: &Client, id: RewardChainId) -> Vec<StepId> {
    let chain = c.admin().reward_chains().get(id).send().await.unwrap();
    chain.steps.iter().map(|s| s.step_id.unwrap()).collect()
}

/// Gives `sub` `amount` points of `sku` through the control API; their new balance.
pub async fn grant_points(h: &Harness, sub: &str, sku: &str, amount: i64) -> i64 {
    let (status, body, _) = h
        .raw(
            Method::POST,
            &h.url(&format!("/__emulator/users/{sub}/value_points")),
            None,
            Some(&json!({"sku": sku, "amount": amount}).to_string()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["balance"].as_i64().unwrap()
}

/// The first chain the player `c` sees.
pub async fn first_chain(c: &Client) -> ClientRewardChain {
    c.reward_chains()
        .list()
        .send()
        .await
        .unwrap()
        .items
        .remove(0)
}

/// Why a claim was refused, if the error says.
pub fn refusal(err: &xsolla_liveops::Error) -> Option<ClaimRefusal> {
    ClaimRefusal::of(err.api().unwrap())
}

/// Claims a step as the player `c`, which must be refused; the refusal.
pub async fn claim_refused(c: &Client, id: RewardChainId, step: StepId) -> xsolla_liveops::Error {
    c.reward_chains().claim(id, step).send().await.unwrap_err()
}
