//! The hub's tabs. Each draws one feature from its own view: the feature's data, how fresh it
//! is, its badge, and which of its requests are under way. A view is built from the feature's
//! resource (`DailyTab::of(&daily_chains)`) or from plain data (`DailyTab::new(&chains)`, for
//! a game or a test that keeps its own).

use bevy_egui::egui::Ui;
use xsolla_liveops::models::daily::ClientDailyChain;
use xsolla_liveops::models::offer::ClientOfferChain;
use xsolla_liveops::models::rewards::ClientRewardChain;
use xsolla_liveops::models::upsell::UpsellItem;
use xsolla_liveops::{Code, DailyChainId, OfferChainId, RewardChainId, Sku, StepId, StepNumber};

use super::codes::CodeDialog;
use super::common::{self, Freshness, UiAction, UiCx};
use super::daily::DailyCalendar;
use super::offers::OfferTrack;
use super::rewards::RewardChainProgress;
use super::upsell::UpsellCard;
use crate::codes::CodeRedemptions;
use crate::daily::DailyChains;
use crate::messages::Purchase;
use crate::offers::OfferChains;
use crate::purchases::Purchases;
use crate::rewards::RewardChains;
use crate::upsell::UpsellItems;

/// Which requests of a tab are under way, by their key.
pub type Busy<'a, K> = Box<dyn Fn(K) -> bool + 'a>;

fn never<'a, K>() -> Busy<'a, K> {
    Box::new(|_| false)
}

fn either<'a, K: Copy + 'a>(first: Busy<'a, K>, second: impl Fn(K) -> bool + 'a) -> Busy<'a, K> {
    Box::new(move |key| first(key) || second(key))
}

macro_rules! tab_basics {
    ($tab:ident, $data:ident: $item:ty) => {
        impl<'a> $tab<'a> {
            /// A view of plain data: read from the server, no badge, nothing under way.
            pub fn new($data: &'a [$item]) -> Self {
                Self {
                    $data,
                    freshness: Freshness::Live,
                    ..Self::default()
                }
            }

            /// How fresh the data is.
            pub fn freshness(mut self, freshness: Freshness) -> Self {
                self.freshness = freshness;
                self
            }

            /// The badge on the tab's title.
            pub fn badge(mut self, badge: usize) -> Self {
                self.badge = badge;
                self
            }
        }
    };
    ($tab:ident, $data:ident: $item:ty, $key:ty) => {
        tab_basics!($tab, $data: $item);

        impl<'a> $tab<'a> {
            /// Also shows as under way what `busy` says is (requests the game just wrote).
            pub fn also_busy(mut self, busy: impl Fn($key) -> bool + 'a) -> Self {
                self.busy = either(self.busy, busy);
                self
            }
        }
    };
}

/// The daily rewards tab.
pub struct DailyTab<'a> {
    /// The chains.
    pub chains: &'a [ClientDailyChain],
    /// How fresh they are.
    pub freshness: Freshness,
    /// The badge.
    pub badge: usize,
    /// A step's claim is under way.
    pub busy: Busy<'a, (DailyChainId, StepNumber)>,
}

tab_basics!(DailyTab, chains: ClientDailyChain, (DailyChainId, StepNumber));

impl Default for DailyTab<'_> {
    fn default() -> Self {
        Self {
            chains: &[],
            freshness: Freshness::Loading,
            badge: 0,
            busy: never(),
        }
    }
}

impl<'a> DailyTab<'a> {
    /// The view of the plugin's daily chains.
    pub fn of(daily: &'a DailyChains) -> Self {
        Self {
            chains: &daily.chains,
            freshness: Freshness::of(daily.origin, daily.is_loading()),
            badge: 0,
            busy: Box::new(|(chain, step)| daily.is_claiming(chain, step)),
        }
    }

    /// Draws the tab; returns the player's actions.
    pub fn show(&self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if common::freshness_header(ui, cx, self.freshness, !self.chains.is_empty()) {
            for chain in self.chains {
                let busy = |step| (self.busy)((chain.id, step));
                actions.extend(DailyCalendar::new(chain).busy(&busy).show(ui, cx));
                ui.add_space(8.0);
            }
        }
        actions
    }
}

/// The offer chains tab.
pub struct OffersTab<'a> {
    /// The chains.
    pub chains: &'a [ClientOfferChain],
    /// How fresh they are.
    pub freshness: Freshness,
    /// The badge.
    pub badge: usize,
    /// A step's claim, order or payment check is under way.
    pub busy: Busy<'a, (OfferChainId, StepNumber)>,
    /// A step waits for its payment (its payment check is offered).
    pub awaiting: Busy<'a, (OfferChainId, StepNumber)>,
}

tab_basics!(OffersTab, chains: ClientOfferChain, (OfferChainId, StepNumber));

impl Default for OffersTab<'_> {
    fn default() -> Self {
        Self {
            chains: &[],
            freshness: Freshness::Loading,
            badge: 0,
            busy: never(),
            awaiting: never(),
        }
    }
}

impl<'a> OffersTab<'a> {
    /// The view of the plugin's offer chains and the orders awaited for their steps. A step
    /// awaiting payment is busy only while a check of its payment is under way, so the check
    /// stays pressable.
    pub fn of(offers: &'a OfferChains, purchases: &'a Purchases) -> Self {
        Self {
            chains: &offers.chains,
            freshness: Freshness::of(offers.origin, offers.is_loading()),
            badge: 0,
            busy: Box::new(|(chain, step)| {
                offers.is_sending(chain, step)
                    || (purchases.awaiting_step(chain, step).is_some()
                        && (offers.is_checking_payment(chain)
                            || purchases.is_checking(&Purchase::OfferStep { chain, step })))
            }),
            awaiting: Box::new(|(chain, step)| purchases.awaiting_step(chain, step).is_some()),
        }
    }

    /// Draws the tab; returns the player's actions.
    pub fn show(&self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if common::freshness_header(ui, cx, self.freshness, !self.chains.is_empty()) {
            for chain in self.chains {
                let busy = |step| (self.busy)((chain.id, step));
                let awaiting = |step| (self.awaiting)((chain.id, step));
                actions.extend(
                    OfferTrack::new(chain)
                        .busy(&busy)
                        .awaiting_payment(&awaiting)
                        .show(ui, cx),
                );
                ui.add_space(8.0);
            }
        }
        actions
    }
}

/// The reward chains tab.
pub struct RewardsTab<'a> {
    /// The chains.
    pub chains: &'a [ClientRewardChain],
    /// How fresh they are.
    pub freshness: Freshness,
    /// The badge.
    pub badge: usize,
    /// A step's claim is under way.
    pub busy: Busy<'a, (RewardChainId, StepId)>,
}

tab_basics!(RewardsTab, chains: ClientRewardChain, (RewardChainId, StepId));

impl Default for RewardsTab<'_> {
    fn default() -> Self {
        Self {
            chains: &[],
            freshness: Freshness::Loading,
            badge: 0,
            busy: never(),
        }
    }
}

impl<'a> RewardsTab<'a> {
    /// The view of the plugin's reward chains.
    pub fn of(rewards: &'a RewardChains) -> Self {
        Self {
            chains: &rewards.chains,
            freshness: Freshness::of(rewards.origin, rewards.is_loading()),
            badge: 0,
            busy: Box::new(|(chain, step)| rewards.is_claiming(chain, step)),
        }
    }

    /// Draws the tab; returns the player's actions.
    pub fn show(&self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if common::freshness_header(ui, cx, self.freshness, !self.chains.is_empty()) {
            for chain in self.chains {
                let busy = |step| (self.busy)((chain.reward_chain_id, step));
                actions.extend(RewardChainProgress::new(chain).busy(&busy).show(ui, cx));
                ui.add_space(8.0);
            }
        }
        actions
    }
}

/// The upsell tab.
pub struct UpsellTab<'a> {
    /// The items.
    pub items: &'a [UpsellItem],
    /// How fresh they are.
    pub freshness: Freshness,
    /// The badge.
    pub badge: usize,
    /// An item's purchase is under way.
    pub busy: Box<dyn Fn(&Sku) -> bool + 'a>,
}

tab_basics!(UpsellTab, items: UpsellItem);

impl Default for UpsellTab<'_> {
    fn default() -> Self {
        Self {
            items: &[],
            freshness: Freshness::Loading,
            badge: 0,
            busy: Box::new(|_| false),
        }
    }
}

impl<'a> UpsellTab<'a> {
    /// The view of the plugin's upsell items. An item is busy while its purchase is under way
    /// and while its order's payment is tracked.
    pub fn of(upsell: &'a UpsellItems, purchases: &'a Purchases) -> Self {
        Self {
            items: &upsell.items,
            freshness: Freshness::of(upsell.origin, upsell.is_loading()),
            badge: 0,
            busy: Box::new(|sku| {
                upsell.is_buying(sku)
                    || purchases
                        .awaiting_item(sku)
                        .and_then(|order| purchases.order(order))
                        .is_some_and(|order| order.tracked)
            }),
        }
    }

    /// Also shows as under way what `busy` says is (purchases the game just started).
    pub fn also_busy(self, busy: impl Fn(&Sku) -> bool + 'a) -> Self {
        let first = self.busy;
        Self {
            busy: Box::new(move |sku| first(sku) || busy(sku)),
            ..self
        }
    }

    /// Draws the tab; returns the player's actions.
    pub fn show(&self, ui: &mut Ui, cx: &mut UiCx<'_>) -> Vec<UiAction> {
        let mut actions = Vec::new();
        if common::freshness_header(ui, cx, self.freshness, !self.items.is_empty()) {
            actions.extend(UpsellCard::new(self.items).busy(&*self.busy).show(ui, cx));
        }
        actions
    }
}

/// The code redemption tab.
pub struct CodesTab<'a> {
    /// The badge.
    pub badge: usize,
    /// A code's preview or redemption is under way.
    pub busy: Box<dyn Fn(&Code) -> bool + 'a>,
}

impl Default for CodesTab<'_> {
    fn default() -> Self {
        Self {
            badge: 0,
            busy: Box::new(|_| false),
        }
    }
}

impl<'a> CodesTab<'a> {
    /// The view of the plugin's code requests.
    pub fn of(codes: &'a CodeRedemptions) -> Self {
        Self {
            badge: 0,
            busy: Box::new(|code| codes.is_busy(code)),
        }
    }

    /// The badge on the tab's title.
    pub fn badge(mut self, badge: usize) -> Self {
        self.badge = badge;
        self
    }

    /// Also shows as under way what `busy` says is (requests the game just wrote).
    pub fn also_busy(self, busy: impl Fn(&Code) -> bool + 'a) -> Self {
        let first = self.busy;
        Self {
            busy: Box::new(move |code| first(code) || busy(code)),
            ..self
        }
    }

    /// Draws the tab with the hub's code dialog; returns the player's actions.
    pub fn show(&self, ui: &mut Ui, cx: &mut UiCx<'_>, dialog: &mut CodeDialog) -> Vec<UiAction> {
        let busy = dialog.code().is_ok_and(|code| (self.busy)(&code));
        dialog.show(ui, cx, busy).into_iter().collect()
    }
}
