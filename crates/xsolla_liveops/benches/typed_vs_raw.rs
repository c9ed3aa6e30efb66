//! What the typed client costs over a raw reqwest call to the same local endpoint.
//!
//! Both sides fetch and decode one daily chain (the documented example) from an axum server on
//! 127.0.0.1, over the same kind of reqwest client, in the same run:
//!
//! ```text
//! cargo bench -p xsolla_liveops --bench typed_vs_raw
//! ```
#![allow(missing_docs)]

use std::time::Duration;

use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use xsolla_liveops::models::daily::ClientDailyChain;
use xsolla_liveops::{Client, ProjectId, UserToken};

const CHAIN: &str = r#"{"id":102,"name":"Daily reward with bundle","description":"Log in every day","order":2,"type":"calendar_hard","date_start":"2025-04-01T18:16:00+05:00","date_end":null,"steps":[{"step_number":1,"status":"blocked","unlocked_date":1711978560,"items":[{"item_id":9012,"sku":"health_potion","name":"Healing potion","type":"virtual_good","description":"Heal 10% of your health","is_free":false,"quantity":1}]},{"step_number":2,"status":"claimed","unlocked_date":1712064960,"items":[{"item_id":9012,"sku":"health_potion","name":"Healing potion","type":"virtual_good","description":"Heal 10% of your health","is_free":false,"quantity":1}]},{"step_number":3,"status":"claimable","unlocked_date":1712151360,"items":[{"item_id":10001,"sku":"bundle_with_items","name":"Bundle","type":"bundle","bundle_type":"standard","description":"Many stuff","is_free":false,"quantity":1,"content":[{"item_id":1,"sku":"vg1","name":"virtual_good_one","type":"virtual_good","description":"Virtual good one","is_free":false,"quantity":1},{"item_id":2,"sku":"coins","name":"Gold Coins","type":"virtual_currency","description":"Gold Coins","is_free":false,"quantity":100}]}]}]}"#;

const TOKEN: &str =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaCIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln";

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(async {
        let app = axum::Router::new().route(
            "/v2/project/{project}/user/daily_chain/{id}",
            get(|| async { ([("content-type", "application/json")], CHAIN) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let typed = Client::builder(ProjectId(44056))
        .base_url(&base)
        .transport(std::sync::Arc::new(
            xsolla_liveops::ReqwestTransport::from_client(http.clone()),
        ))
        .user_token(UserToken::parse(TOKEN).unwrap())
        .build()
        .unwrap();
    let url = format!("{base}/v2/project/44056/user/daily_chain/102");
    let bearer = format!("Bearer {TOKEN}");

    let mut group = c.benchmark_group("get_daily_chain");
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let response = http
                .get(&url)
                .header("authorization", &bearer)
                .header("accept", "application/json")
                .send()
                .await
                .unwrap();
            let bytes = response.bytes().await.unwrap();
            let chain: ClientDailyChain = serde_json::from_slice(&bytes).unwrap();
            std::hint::black_box(chain)
        })
    });
    group.bench_function("typed_client", |b| {
        b.to_async(&rt).iter(|| async {
            std::hint::black_box(typed.daily_chains().get(102).send().await.unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
