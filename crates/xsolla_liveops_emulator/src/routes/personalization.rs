//! Personalized-catalog rule routes (reference §8), on `/v2`.
//!
//! These admin routes answer a failed authentication the way Xsolla documents for them: no
//! `Authorization` header is 401/1501 "Authorization header not sent", wrong credentials are
//! 401/1013 "Token not found.".

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::routing::get;
use xsolla_liveops::models::common::ListPage;
use xsolla_liveops::models::personalization::{
    CatalogRule, CatalogRuleInput, CatalogRulePage, CatalogRulePatch, CatalogRuleSummaries,
    CreatedCatalogRule,
};

use super::Routes;
use crate::auth::Admin;
use crate::error::{ApiError, ApiResult, codes};
use crate::extract::{JsonBody, Params, PathParams};
use crate::state::AppState;
use crate::store::{paginate, personalization};

/// The rule routes.
pub fn routes(r: Routes) -> Routes {
    r.route("/admin/user/attribute/rule", get(list).post(create))
        .route("/admin/user/attribute/rule/all", get(all))
        .route(
            "/admin/user/attribute/rule/{rule_id}",
            get(get_one).put(update).patch(patch).delete(delete),
        )
}

/// Admin credentials checked with the personalized catalog's own 401 bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleAdmin;

impl FromRequestParts<AppState> for RuleAdmin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::USER_AUTH,
                "Authorization failed: Authorization header not sent",
            ));
        }
        Admin::from_request_parts(parts, state)
            .await
            .map(|_| RuleAdmin)
            .map_err(|_| ApiError::new(StatusCode::UNAUTHORIZED, 1013, "Token not found."))
    }
}

fn rule_id(p: &PathParams) -> ApiResult<i64> {
    let raw = p.get("rule_id").unwrap_or("");
    raw.parse()
        .map_err(|_| ApiError::not_found(format!("Rule with id = {raw} not found")))
}

async fn list(
    State(s): State<AppState>,
    _: RuleAdmin,
    q: Params,
) -> ApiResult<Json<CatalogRulePage>> {
    let (limit, offset) = q.page(50)?;
    let enabled = q.flag("is_enabled")?;
    let db = s.store().lock();
    let rules: Vec<CatalogRule> = db
        .cache
        .rules
        .values()
        .filter(|r| enabled.is_none_or(|e| r.is_enabled == e))
        .map(|r| personalization::view(r, &db.cache.items))
        .collect();
    let total = rules.len() as u64;
    let (items, has_more) = paginate(rules, limit, offset);
    Ok(Json(ListPage {
        has_more,
        total_items_count: Some(total),
        items,
    }))
}

async fn create(
    State(s): State<AppState>,
    _: RuleAdmin,
    JsonBody(body): JsonBody<CatalogRuleInput>,
) -> ApiResult<(StatusCode, Json<CreatedCatalogRule>)> {
    let rule_id = s
        .store()
        .lock()
        .write_definitions(|tx, cache| personalization::create(tx, cache, body))?;
    Ok((StatusCode::CREATED, Json(CreatedCatalogRule { rule_id })))
}

async fn all(State(s): State<AppState>, _: RuleAdmin) -> Json<CatalogRuleSummaries> {
    let db = s.store().lock();
    Json(CatalogRuleSummaries {
        items: db
            .cache
            .rules
            .values()
            .map(|r| personalization::summary(r))
            .collect(),
    })
}

async fn get_one(
    State(s): State<AppState>,
    _: RuleAdmin,
    p: PathParams,
) -> ApiResult<Json<CatalogRule>> {
    let id = rule_id(&p)?;
    let db = s.store().lock();
    Ok(Json(personalization::view(
        personalization::get(&db.cache, id)?,
        &db.cache.items,
    )))
}

async fn update(
    State(s): State<AppState>,
    _: RuleAdmin,
    p: PathParams,
    JsonBody(body): JsonBody<CatalogRuleInput>,
) -> ApiResult<StatusCode> {
    let id = rule_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| personalization::update(tx, cache, id, body))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn patch(
    State(s): State<AppState>,
    _: RuleAdmin,
    p: PathParams,
    JsonBody(body): JsonBody<CatalogRulePatch>,
) -> ApiResult<StatusCode> {
    let id = rule_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| personalization::patch(tx, cache, id, body))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete(State(s): State<AppState>, _: RuleAdmin, p: PathParams) -> ApiResult<StatusCode> {
    let id = rule_id(&p)?;
    s.store()
        .lock()
        .write_definitions(|tx, cache| personalization::delete(tx, cache, id))?;
    Ok(StatusCode::NO_CONTENT)
}
