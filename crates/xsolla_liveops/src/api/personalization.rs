//! Personalized catalog: rules on user attributes.
//!
//! Every operation here is server-side (Basic auth, feature `admin`) and lives on `/v2`.

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use http::Method;

    use crate::endpoint::{Endpoint, Paginated, json_body, page_query};
    use crate::error::AuthScheme;
    use crate::ids::{ProjectId, RuleId};
    use crate::models::common::{NoContent, PageQuery};
    use crate::models::personalization::{
        CatalogRule, CatalogRuleInput, CatalogRulePage, CatalogRulePatch, CatalogRuleSummaries,
        CreatedCatalogRule,
    };

    /// `GET /v2/project/{project_id}/admin/user/attribute/rule`: lists catalog rules.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListCatalogRules {
        /// Paging.
        pub page: PageQuery,
        /// Only enabled (`Some(true)`) or disabled (`Some(false)`) rules.
        pub is_enabled: Option<bool>,
    }

    impl Endpoint for ListCatalogRules {
        type Output = CatalogRulePage;
        fn method(&self) -> Method {
            Method::GET
        }
        fn path(&self, project: ProjectId) -> String {
            format!("/v2/project/{project}/admin/user/attribute/rule")
        }
        fn query(&self) -> Vec<(&'static str, String)> {
            let mut q = page_query(&self.page, Self::MAX_LIMIT);
            if let Some(enabled) = self.is_enabled {
                q.push(("is_enabled", u8::from(enabled).to_string()));
            }
            q
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }

    impl Paginated for ListCatalogRules {
        type Item = CatalogRule;
        const MAX_LIMIT: u32 = 50;
        fn page_mut(&mut self) -> &mut PageQuery {
            &mut self.page
        }
        fn into_items(output: Self::Output) -> (Vec<Self::Item>, bool) {
            (output.items, output.has_more)
        }
    }

    /// `POST /v2/project/{project_id}/admin/user/attribute/rule`: creates a rule (201).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CreateCatalogRule {
        /// The rule.
        pub body: CatalogRuleInput,
    }

    impl Endpoint for CreateCatalogRule {
        type Output = CreatedCatalogRule;
        fn method(&self) -> Method {
            Method::POST
        }
        fn path(&self, project: ProjectId) -> String {
            format!("/v2/project/{project}/admin/user/attribute/rule")
        }
        fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
            json_body(&self.body)
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }

    /// `GET /v2/project/{project_id}/admin/user/attribute/rule/all`: every rule, id, name and
    /// state only, for searching on the client side.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListAllCatalogRules;

    impl Endpoint for ListAllCatalogRules {
        type Output = CatalogRuleSummaries;
        fn method(&self) -> Method {
            Method::GET
        }
        fn path(&self, project: ProjectId) -> String {
            format!("/v2/project/{project}/admin/user/attribute/rule/all")
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }

    /// `GET /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}`: reads a rule.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCatalogRule {
        /// Rule id.
        pub rule: RuleId,
    }

    impl Endpoint for GetCatalogRule {
        type Output = CatalogRule;
        fn method(&self) -> Method {
            Method::GET
        }
        fn path(&self, project: ProjectId) -> String {
            format!(
                "/v2/project/{project}/admin/user/attribute/rule/{}",
                self.rule
            )
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }

    /// `PUT /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}`: replaces a rule;
    /// optional fields left out are reset (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UpdateCatalogRule {
        /// Rule id.
        pub rule: RuleId,
        /// The whole rule.
        pub body: CatalogRuleInput,
    }

    impl Endpoint for UpdateCatalogRule {
        type Output = NoContent;
        fn method(&self) -> Method {
            Method::PUT
        }
        fn path(&self, project: ProjectId) -> String {
            format!(
                "/v2/project/{project}/admin/user/attribute/rule/{}",
                self.rule
            )
        }
        fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
            json_body(&self.body)
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }

    /// `PATCH /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}`: changes the given
    /// fields of a rule and keeps the others (204). Setting fields to values is safe to repeat.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PatchCatalogRule {
        /// Rule id.
        pub rule: RuleId,
        /// The fields to change.
        pub body: CatalogRulePatch,
    }

    impl Endpoint for PatchCatalogRule {
        type Output = NoContent;
        fn method(&self) -> Method {
            Method::PATCH
        }
        fn path(&self, project: ProjectId) -> String {
            format!(
                "/v2/project/{project}/admin/user/attribute/rule/{}",
                self.rule
            )
        }
        fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
            json_body(&self.body)
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
        fn idempotent(&self) -> bool {
            true
        }
    }

    /// `DELETE /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}` (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteCatalogRule {
        /// Rule id.
        pub rule: RuleId,
    }

    impl Endpoint for DeleteCatalogRule {
        type Output = NoContent;
        fn method(&self) -> Method {
            Method::DELETE
        }
        fn path(&self, project: ProjectId) -> String {
            format!(
                "/v2/project/{project}/admin/user/attribute/rule/{}",
                self.rule
            )
        }
        fn auth(&self) -> AuthScheme {
            AuthScheme::Admin
        }
    }
}

#[cfg(all(feature = "client", feature = "admin"))]
pub use handlers::*;

#[cfg(all(feature = "client", feature = "admin"))]
mod handlers {
    use super::*;
    use crate::client::{Admin, Client, Request};
    use crate::ids::RuleId;
    use crate::models::personalization::{CatalogRuleInput, CatalogRulePatch};

    impl<'a> Admin<'a> {
        /// Personalized catalog rules.
        pub fn personalization(&self) -> AdminPersonalization<'a> {
            AdminPersonalization(self.client())
        }
    }

    /// Personalized catalog calls (`client.admin().personalization()`).
    #[derive(Debug, Clone, Copy)]
    pub struct AdminPersonalization<'a>(&'a Client);

    impl<'a> AdminPersonalization<'a> {
        /// Lists rules; `.limit()`, `.offset()`, or `.all()` to walk pages,
        /// `endpoint_mut().is_enabled` to filter.
        pub fn list(&self) -> Request<'a, ListCatalogRules> {
            self.0.request(ListCatalogRules::default())
        }
        /// Creates a rule.
        pub fn create(&self, body: CatalogRuleInput) -> Request<'a, CreateCatalogRule> {
            self.0.request(CreateCatalogRule { body })
        }
        /// Every rule in short form.
        pub fn all(&self) -> Request<'a, ListAllCatalogRules> {
            self.0.request(ListAllCatalogRules)
        }
        /// Reads a rule.
        pub fn get(&self, rule: impl Into<RuleId>) -> Request<'a, GetCatalogRule> {
            self.0.request(GetCatalogRule { rule: rule.into() })
        }
        /// Replaces a rule.
        pub fn update(
            &self,
            rule: impl Into<RuleId>,
            body: CatalogRuleInput,
        ) -> Request<'a, UpdateCatalogRule> {
            self.0.request(UpdateCatalogRule {
                rule: rule.into(),
                body,
            })
        }
        /// Changes some fields of a rule.
        pub fn patch(
            &self,
            rule: impl Into<RuleId>,
            body: CatalogRulePatch,
        ) -> Request<'a, PatchCatalogRule> {
            self.0.request(PatchCatalogRule {
                rule: rule.into(),
                body,
            })
        }
        /// Deletes a rule.
        pub fn delete(&self, rule: impl Into<RuleId>) -> Request<'a, DeleteCatalogRule> {
            self.0.request(DeleteCatalogRule { rule: rule.into() })
        }
    }
}
