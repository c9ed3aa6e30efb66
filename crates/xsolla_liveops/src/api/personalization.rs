//! Personalized catalog: rules on user attributes.
//!
//! Every operation here is server-side (Basic auth, feature `admin`) and lives on `/v2`.

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use crate::endpoint::{Paginated, impl_endpoint};
    use crate::ids::RuleId;
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

    impl_endpoint! {
        ListCatalogRules -> CatalogRulePage,
        GET "/v2/project/{project}/admin/user/attribute/rule",
        auth(Admin), query(page, is_enabled)
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

    impl_endpoint! {
        CreateCatalogRule -> CreatedCatalogRule,
        POST "/v2/project/{project}/admin/user/attribute/rule",
        auth(Admin), body(body)
    }

    /// `GET /v2/project/{project_id}/admin/user/attribute/rule/all`: every rule, id, name and
    /// state only, for searching on the client side.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ListAllCatalogRules;

    impl_endpoint! {
        ListAllCatalogRules -> CatalogRuleSummaries,
        GET "/v2/project/{project}/admin/user/attribute/rule/all",
        auth(Admin)
    }

    /// `GET /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}`: reads a rule.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetCatalogRule {
        /// Rule id.
        pub rule: RuleId,
    }

    impl_endpoint! {
        GetCatalogRule -> CatalogRule,
        GET "/v2/project/{project}/admin/user/attribute/rule/{rule}" (rule),
        auth(Admin)
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

    impl_endpoint! {
        UpdateCatalogRule -> NoContent,
        PUT "/v2/project/{project}/admin/user/attribute/rule/{rule}" (rule),
        auth(Admin), body(body)
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

    impl_endpoint! {
        PatchCatalogRule -> NoContent,
        PATCH "/v2/project/{project}/admin/user/attribute/rule/{rule}" (rule),
        auth(Admin), body(body), idempotent(true)
    }

    /// `DELETE /v2/project/{project_id}/admin/user/attribute/rule/{rule_id}` (204).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DeleteCatalogRule {
        /// Rule id.
        pub rule: RuleId,
    }

    impl_endpoint! {
        DeleteCatalogRule -> NoContent,
        DELETE "/v2/project/{project}/admin/user/attribute/rule/{rule}" (rule),
        auth(Admin)
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
