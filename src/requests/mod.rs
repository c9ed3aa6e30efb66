//! One lifecycle for every request that changes server state, or reads on the player's
//! behalf: claims, orders, payment checks, code previews and redemptions.
//!
//! 1. **Admit or hold.** A message becomes a request ([`RequestKind::admit`]); a request whose
//!    key is already waiting or on its way is the same request. Without a usable token it
//!    waits for the same player's next one (at most [`book::HELD_LIMIT`] per kind).
//! 2. **Send** with the credentials it was made under ([`RequestKind::send`]).
//! 3. **Answer.** Success → [`RequestKind::succeeded`]. A 401 ends only the token that got it,
//!    and the request waits once for the player's next token. An ambiguous failure (timeout,
//!    5xx, dropped connection: the server may have done the work) is **reconciled**: the
//!    request stays busy and [`RequestKind::check`] reads what the server holds, again and
//!    again with back-off until it answers, and [`RequestKind::settle`] decides. Anything
//!    else → [`RequestKind::refused`].
//! 4. **Player change.** The feature starts over; its requests are reported once as
//!    [`LiveOpsError::PlayerChanged`] (by the feature registration) and their late answers
//!    are dropped (by the runtime).

pub(crate) mod book;

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use bevy_app::prelude::*;
use bevy_ecs::message::MessageCursor;
use bevy_ecs::prelude::*;
use xsolla_liveops::{Client, Error, Reply};

use self::book::{Admission, Entry, RequestBook, Unsettled};
use crate::error::LiveOpsError;
use crate::fanout::{Fanout, Part, Waiting};
use crate::feature::{FeatureResource, LiveOpsFeatures, run_part};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{LiveOpsRequest, MessageVisitor, visit_messages};
use crate::outcome::{LiveOpsFailed, emit, emit_with};
use crate::runtime::{Done, LiveOpsRuntime, MaybeSend, note_rejection};
use crate::session::{Credentials, LiveOpsSession};
use crate::sets::DispatchSystems;
use crate::settings::LiveOpsSettings;

/// The longest pause between two checks of an ambiguous answer.
const MAX_CHECK_PAUSE: Duration = Duration::from_secs(30);

/// One kind of request: its key, what it carries, how it is sent, what success means and how
/// an ambiguous answer is settled. Everything else is the shared lifecycle.
pub(crate) trait RequestKind: Sized + Send + Sync + 'static {
    /// The feature resource that keeps this kind's [`RequestBook`].
    type Feature: FeatureResource;
    /// The message a game writes.
    type Message: Message + Clone;
    /// What identifies one request: two requests with the same key are one.
    type Key: Clone + Eq + Hash + Send + Sync + 'static;
    /// What a request carries besides its key (a code's unit picks).
    type Payload: Clone + Send + Sync + 'static;
    /// What the answer is applied with, taken from the feature when the request is sent (a
    /// step's items as the player saw them).
    type Context: Send + Sync + 'static;
    /// A successful answer.
    type Answer: Send + 'static;
    /// What the reconciling read returns.
    type Check: Send + 'static;

    /// The book in the feature.
    fn book(feature: &Self::Feature) -> &RequestBook<Self>;
    /// The book in the feature, to change.
    fn book_mut(feature: &mut Self::Feature) -> &mut RequestBook<Self>;
    /// The request a message asks for, or `None` when it is answered at once (a malformed
    /// code is rejected) or needs nothing (the step is already claimed).
    fn admit(world: &mut World, message: &Self::Message) -> Option<Entry<Self>>;
    /// What the answer will be applied with, as the feature holds it now.
    fn context(feature: &Self::Feature, entry: &Entry<Self>) -> Self::Context;
    /// Sends the request.
    fn send(
        client: Client,
        entry: &Entry<Self>,
        context: &Self::Context,
    ) -> impl Future<Output = Result<Reply<Self::Answer>, Error>> + MaybeSend + 'static;
    /// Applies a success; the request is already finished in the book.
    fn succeeded(
        world: &mut World,
        entry: Entry<Self>,
        context: Self::Context,
        answer: Self::Answer,
    );
    /// Reads what settles an ambiguous answer; `None` when nothing can (the failure is
    /// reported).
    fn check(
        client: Client,
        entry: &Entry<Self>,
        context: &Self::Context,
    ) -> Option<impl Future<Output = Result<Reply<Self::Check>, Error>> + MaybeSend + 'static>;
    /// Applies a check's answer: reports the outcome the server shows; the request is already
    /// finished in the book.
    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        context: Self::Context,
        check: Self::Check,
        error: LiveOpsError,
    );
    /// A refusal that may only mean the request came a moment early (a claim sent at its
    /// countdown's zero): how long to wait before sending it again, once. `None`: the refusal
    /// stands.
    fn too_early(_world: &World, _entry: &Entry<Self>, _error: &LiveOpsError) -> Option<Duration> {
        None
    }
    /// Reports a refusal; the request is already finished in the book.
    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        fail::<Self>(world, &entry, error);
    }
    /// The request, as failures and the hub name it.
    fn request(entry: &Entry<Self>) -> LiveOpsRequest;
}

/// Adds the kind's dispatch to the app.
/// Its dispatch runs in the frame after its message, its feature or the session changed: a
/// request written, a request held or parked, a token to send held ones with.
pub(crate) fn add_kind<R: RequestKind>(app: &mut App) {
    let world = app.world_mut();
    let triggers = [
        world.register_component::<Messages<R::Message>>(),
        world.register_component::<R::Feature>(),
        world.register_component::<LiveOpsSession>(),
    ];
    world
        .resource_mut::<Fanout>()
        .on_requests(triggers, |world| run_part(world, dispatch::<R>));
}

/// Sends checks that waited for a token, requests that waited for one, and new requests.
fn dispatch<R: RequestKind>(world: &mut World, mut cursor: Local<MessageCursor<R::Message>>) {
    let new: Vec<R::Message> = cursor
        .read(world.resource::<Messages<R::Message>>())
        .cloned()
        .collect();
    // Only with work: the book is left untouched otherwise, so the feature does not show as
    // changed and wake the dispatch again.
    if world.resource::<LiveOpsSession>().is_ready()
        && R::book(world.resource::<R::Feature>()).has_work()
    {
        let unsettled = R::book_mut(&mut world.resource_mut::<R::Feature>()).take_unsettled();
        for pending in unsettled {
            reconcile::<R>(world, pending);
        }
        let released = world.resource_scope(|world, mut feature: Mut<R::Feature>| {
            R::book_mut(&mut feature).release(world.resource::<LiveOpsSession>())
        });
        for released in released {
            let tries = Tries {
                after_401: released.resent,
                after_early: false,
            };
            send::<R>(world, released.entry, &released.credentials, tries);
        }
    }
    for message in &new {
        let Some(entry) = R::admit(world, message) else {
            continue;
        };
        let request = R::request(&entry);
        let admission = world.resource_scope(|world, mut feature: Mut<R::Feature>| {
            R::book_mut(&mut feature).admit(entry, world.resource::<LiveOpsSession>())
        });
        match admission {
            Admission::Send(credentials, entry) => {
                send::<R>(world, entry, &credentials, Tries::default());
            }
            Admission::Kept => {}
            Admission::Refused(error) => emit(world, LiveOpsFailed { request, error }),
        }
    }
}

/// The second chances a request already had.
#[derive(Debug, Clone, Copy, Default)]
struct Tries {
    /// Sent again after a 401, with the player's next token.
    after_401: bool,
    /// Sent again after a refusal that came a moment too early.
    after_early: bool,
}

/// What an answer is applied with.
struct Sent<R: RequestKind> {
    entry: Entry<R>,
    context: R::Context,
    player: Arc<str>,
    serial: u64,
    tries: Tries,
}

fn send<R: RequestKind>(
    world: &mut World,
    entry: Entry<R>,
    credentials: &Credentials,
    tries: Tries,
) {
    let context = R::context(world.resource::<R::Feature>(), &entry);
    let key = entry.key.clone();
    let request = R::request(&entry);
    let future = {
        let runtime = world.resource::<LiveOpsRuntime>();
        runtime
            .client_for(credentials)
            .map(|client| R::send(client, &entry, &context))
    };
    let sent = Sent {
        entry,
        context,
        player: credentials.player.clone(),
        serial: credentials.serial,
        tries,
    };
    let started = future.and_then(|future| {
        world
            .resource::<LiveOpsRuntime>()
            .spawn(credentials.generation, async move {
                let reply = future.await;
                let date = reply.as_ref().ok().and_then(|r| r.server_date);
                Done::new(date, move |world| {
                    answered::<R>(world, sent, reply.map(|r| r.value))
                })
            })
    });
    if let Err(error) = started {
        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&key);
        emit(world, LiveOpsFailed { request, error });
    }
}

/// Applies an answer.
fn answered<R: RequestKind>(world: &mut World, sent: Sent<R>, result: Result<R::Answer, Error>) {
    let Sent {
        entry,
        context,
        player,
        serial,
        tries,
    } = sent;
    let error = match result {
        Ok(answer) => {
            R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&entry.key);
            R::succeeded(world, entry, context, answer);
            return;
        }
        Err(error) => LiveOpsError::from(error),
    };
    if error.is_unauthorized() {
        note_rejection(world, &error, Some(serial));
        let held = R::book_mut(&mut world.resource_mut::<R::Feature>()).hold_again(
            entry,
            player,
            tries.after_401,
        );
        if let Err(entry) = held {
            R::refused(world, entry, error);
        }
        // Else the server did nothing: the request goes out again with the next token.
        return;
    }
    if error.is_ambiguous() {
        reconcile::<R>(
            world,
            Unsettled {
                entry,
                context,
                error,
                attempt: 0,
            },
        );
        return;
    }
    if !tries.after_early
        && let Some(wait) = R::too_early(world, &entry, &error)
    {
        send_later::<R>(world, entry, player, tries, wait, error);
        return;
    }
    R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&entry.key);
    R::refused(world, entry, error);
}

/// Sends a request that came a moment too early again after `wait`, once, if its player is
/// still the session's; it stays busy meanwhile. Otherwise `error` stands.
fn send_later<R: RequestKind>(
    world: &mut World,
    entry: Entry<R>,
    player: Arc<str>,
    tries: Tries,
    wait: Duration,
    error: LiveOpsError,
) {
    let Some(generation) = world
        .resource::<LiveOpsSession>()
        .credentials()
        .map(|c| c.generation)
    else {
        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&entry.key);
        R::refused(world, entry, error);
        return;
    };
    tracing::debug!(request = ?R::request(&entry), ?wait, "a LiveOps request came a moment too early; it goes again");
    let key = entry.key.clone();
    let spawned = world
        .resource::<LiveOpsRuntime>()
        .spawn(generation, async move {
            crate::time::sleep(wait).await;
            Done::new(None, move |world: &mut World| {
                let credentials = world.resource::<LiveOpsSession>().credentials();
                match credentials.filter(|c| c.player == player) {
                    Some(credentials) => {
                        let tries = Tries {
                            after_early: true,
                            ..tries
                        };
                        send::<R>(world, entry, &credentials, tries);
                    }
                    None => {
                        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&entry.key);
                        R::refused(world, entry, error);
                    }
                }
            })
        });
    if let Err(error) = spawned {
        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&key);
        tracing::debug!(%error, "a LiveOps request could not be sent again: the runtime is not running");
    }
}

/// Settles a request of unknown outcome by reading what the server holds; without a usable
/// token the check waits for one. The request stays busy meanwhile, so it is never sent twice,
/// and a check that gets no answer is tried again after a pause (doubling up to
/// [`MAX_CHECK_PAUSE`]) until the server answers or the player changes.
pub(crate) fn reconcile<R: RequestKind>(world: &mut World, pending: Unsettled<R>) {
    let credentials = world.resource::<LiveOpsSession>().credentials();
    let mut feature = world.resource_mut::<R::Feature>();
    let book = R::book_mut(&mut feature);
    book.checking(pending.entry.key.clone());
    let Some(credentials) = credentials else {
        book.park(pending);
        return;
    };
    let check = world
        .resource::<LiveOpsRuntime>()
        .client_for(&credentials)
        .ok()
        .and_then(|client| R::check(client, &pending.entry, &pending.context));
    let Some(check) = check else {
        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&pending.entry.key);
        let Unsettled { entry, error, .. } = pending;
        R::refused(world, entry, error);
        return;
    };
    let base = world.resource::<LiveOpsSettings>().offline_retry;
    let pause = (base * 2u32.saturating_pow(pending.attempt.min(16))).min(MAX_CHECK_PAUSE);
    let generation = credentials.generation;
    let serial = credentials.serial;
    let spawned = world
        .resource::<LiveOpsRuntime>()
        .spawn(generation, async move {
            let reply = check.await;
            match reply {
                Ok(reply) => Done::new(reply.server_date, move |world| {
                    R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&pending.entry.key);
                    let Unsettled {
                        entry,
                        context,
                        error,
                        ..
                    } = pending;
                    R::settle(world, entry, context, reply.value, error);
                }),
                Err(error) => {
                    let error = LiveOpsError::from(error);
                    if error.is_ambiguous() {
                        // The check itself got no answer: again after a pause.
                        crate::time::sleep(pause).await;
                    }
                    Done::new(None, move |world| {
                        check_failed::<R>(world, pending, error, serial);
                    })
                }
            }
        });
    if let Err(error) = spawned {
        tracing::debug!(%error, "a LiveOps request is left unsettled: the runtime is not running");
    }
}

/// Sends a request again whose check showed that it never reached the server (a redemption
/// whose first step, the code's verification, got no answer). It stays busy; without a usable
/// token it waits for the player's next one.
pub(crate) fn send_again<R: RequestKind>(world: &mut World, entry: Entry<R>) {
    let session = world.resource::<LiveOpsSession>();
    let (credentials, player) = (session.credentials(), session.player_arc());
    let mut feature = world.resource_mut::<R::Feature>();
    let book = R::book_mut(&mut feature);
    match (credentials, player) {
        (Some(credentials), _) => {
            book.checking(entry.key.clone());
            send::<R>(world, entry, &credentials, Tries::default());
        }
        (None, Some(player)) => {
            if let Err(entry) = book.hold_again(entry, player, false) {
                R::refused(
                    world,
                    entry,
                    LiveOpsError::TooManyHeld {
                        limit: book::HELD_LIMIT,
                    },
                );
            }
        }
        (None, None) => R::refused(world, entry, LiveOpsError::NotLoggedIn),
    }
}

/// A check that got no answer goes again; one refused with 401 waits for the player's next
/// token; any other refusal settles the request as refused.
fn check_failed<R: RequestKind>(
    world: &mut World,
    pending: Unsettled<R>,
    error: LiveOpsError,
    serial: u64,
) {
    if error.is_ambiguous() {
        let attempt = pending.attempt + 1;
        reconcile::<R>(world, Unsettled { attempt, ..pending });
    } else if error.is_unauthorized() {
        note_rejection(world, &error, Some(serial));
        R::book_mut(&mut world.resource_mut::<R::Feature>()).park(pending);
    } else {
        R::book_mut(&mut world.resource_mut::<R::Feature>()).finish(&pending.entry.key);
        R::refused(world, pending.entry, error);
    }
}

/// Reports a request as failed.
pub(crate) fn fail<R: RequestKind>(world: &mut World, entry: &Entry<R>, error: LiveOpsError) {
    tracing::debug!(request = ?R::request(entry), %error, "LiveOps request failed");
    emit(
        world,
        LiveOpsFailed {
            request: R::request(entry),
            error,
        },
    );
}

/// Registers every request message, and answers each request of a feature whose plugin is not
/// added with [`LiveOpsError::FeatureDisabled`].
pub(crate) fn register_messages(app: &mut App) {
    struct Register<'a>(&'a mut App);

    impl MessageVisitor for Register<'_> {
        fn visit<M: Message + Clone + Into<LiveOpsRequest>>(
            &mut self,
            feature: Option<LiveOpsFeature>,
        ) {
            self.0.add_message::<M>();
            if let Some(feature) = feature {
                refuse::<M>(self.0, feature);
            }
        }
    }

    app.init_resource::<Refusals>().add_systems(
        PostUpdate,
        refuse_disabled
            .run_if(any_disabled_requests)
            .in_set(DispatchSystems::Send),
    );
    visit_messages(&mut Register(app));
}

/// Answers each `M` with [`LiveOpsError::FeatureDisabled`] while the feature's plugin is not
/// added, warning once.
fn refuse<M: Message + Clone + Into<LiveOpsRequest>>(app: &mut App, feature: LiveOpsFeature) {
    app.world_mut().resource_mut::<Refusals>().0.push((
        feature,
        |world| !world.resource::<Messages<M>>().is_empty(),
        |world| run_part(world, refuse_each::<M>),
    ));
}

/// Per request message of a feature: whether one was written, and its refusal while the
/// feature's plugin is not added.
#[derive(Resource, Default)]
struct Refusals(Vec<(LiveOpsFeature, Waiting, Part)>);

/// Runs the refusals due: one system for every request message, run only when a request came
/// for a feature that is not added (see [`Fanout`] for why one system).
fn refuse_disabled(world: &mut World) {
    let parts: Vec<Part> = {
        let added = world.resource::<LiveOpsFeatures>();
        world
            .resource::<Refusals>()
            .0
            .iter()
            .filter(|(feature, waiting, _)| !added.contains(*feature) && waiting(world))
            .map(|(_, _, part)| *part)
            .collect()
    };
    for part in parts {
        part(world);
    }
}

/// A request came for a feature that is not added. Which features are added is settled once
/// the app runs, so the refusals that can apply are picked once.
fn any_disabled_requests(world: &World, mut disabled: Local<Option<Vec<Waiting>>>) -> bool {
    let disabled = disabled.get_or_insert_with(|| {
        let added = world.resource::<LiveOpsFeatures>();
        world
            .resource::<Refusals>()
            .0
            .iter()
            .filter(|(feature, _, _)| !added.contains(*feature))
            .map(|(_, waiting, _)| *waiting)
            .collect()
    });
    disabled.iter().any(|waiting| waiting(world))
}

fn refuse_each<M: Message + Clone + Into<LiveOpsRequest>>(
    mut requests: MessageReader<M>,
    mut commands: Commands,
    mut warned: Local<bool>,
) {
    for message in requests.read() {
        let request: LiveOpsRequest = message.clone().into();
        let Some(feature) = request.feature() else {
            continue;
        };
        if !std::mem::replace(&mut *warned, true) {
            tracing::warn!(%feature, "a request for the LiveOps {feature} feature, whose plugin is not added");
        }
        emit_with(
            &mut commands,
            LiveOpsFailed {
                request,
                error: LiveOpsError::FeatureDisabled(feature),
            },
        );
    }
}
