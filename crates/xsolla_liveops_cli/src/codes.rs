//! Codes of coupons, promo codes and unique offers: listing, adding and generating them, each
//! written once for the three campaign families.

use futures_util::{StreamExt, TryStreamExt, stream};
use indicatif::ProgressBar;
use xsolla_liveops::models::promotions::{CodeList, MAX_GENERATED_CODES};
use xsolla_liveops::{Client, Code, Error};

use crate::families::{CAMPAIGN_KINDS, with_campaign};
use crate::project::Kind;

/// Codes per page of the code lists.
pub const PAGE: u32 = 50;

async fn page(client: &Client, kind: Kind, campaign: &str, offset: u32) -> Result<CodeList, Error> {
    crate::project::read(|| page_once(client, kind, campaign, offset)).await
}

async fn page_once(
    client: &Client,
    kind: Kind,
    campaign: &str,
    offset: u32,
) -> Result<CodeList, Error> {
    let id = campaign.to_owned();
    with_campaign!(kind, K => {
        let codes = client.admin().campaigns::<K>().codes(id);
        codes.limit(PAGE).offset(offset).send().await
    })
}

/// Every code of a campaign, in the server's order, fetching `concurrency` pages at a time.
pub async fn list(
    client: &Client,
    kind: Kind,
    campaign: &str,
    concurrency: usize,
    progress: Option<&ProgressBar>,
) -> Result<Vec<String>, Error> {
    let first = page(client, kind, campaign, 0).await?;
    let total = first.total_count.max(first.codes.len() as u64);
    if let Some(pb) = progress {
        pb.set_length(total);
        pb.inc(first.codes.len() as u64);
    }
    let mut codes: Vec<String> = first.codes.into_iter().map(|c| c.code.0).collect();
    if (codes.len() as u64) < total && codes.len() == PAGE as usize {
        let offsets: Vec<u32> = (1..)
            .map(|i| i * PAGE)
            .take_while(|o| u64::from(*o) < total)
            .collect();
        let pages: Vec<CodeList> = stream::iter(offsets)
            .map(|offset| async move {
                let list = page(client, kind, campaign, offset).await?;
                if let Some(pb) = progress {
                    pb.inc(list.codes.len() as u64);
                }
                Ok::<_, Error>(list)
            })
            .buffered(concurrency)
            .try_collect()
            .await?;
        for p in pages {
            codes.extend(p.codes.into_iter().map(|c| c.code.0));
        }
        // A list that grew while it was read: walk on until a short page.
        let mut offset = codes.len() as u32;
        loop {
            let more = page(client, kind, campaign, offset).await?;
            let n = more.codes.len();
            codes.extend(more.codes.into_iter().map(|c| c.code.0));
            if n < PAGE as usize {
                break;
            }
            offset += n as u32;
        }
    }
    Ok(codes)
}

/// Adds one code.
pub async fn create(client: &Client, kind: Kind, campaign: &str, code: &str) -> Result<(), Error> {
    let (id, code) = (campaign.to_owned(), Code(code.to_owned()));
    with_campaign!(kind, K => {
        let call = client.admin().campaigns::<K>().create_code(id, code);
        call.send().await.map(drop)
    })
}

/// Generates `count` codes, in calls of at most 100,000; returns how many were made.
pub async fn generate(
    client: &Client,
    kind: Kind,
    campaign: &str,
    count: u64,
) -> Result<u64, Error> {
    let mut made = 0;
    let mut left = count;
    while left > 0 {
        let n = left.min(u64::from(MAX_GENERATED_CODES)) as u32;
        let id = campaign.to_owned();
        let answer = with_campaign!(kind, K => {
            client.admin().campaigns::<K>().generate_codes(id, n)?.send().await?
        });
        made += answer.count;
        left -= u64::from(n);
    }
    Ok(made)
}

/// Finds which family a campaign's external id belongs to. Every family is asked; the first
/// that has the campaign, in [`CAMPAIGN_KINDS`] order, answers.
pub async fn find_campaign(client: &Client, campaign: &str) -> Result<Option<Kind>, Error> {
    let mut found = Vec::with_capacity(CAMPAIGN_KINDS.len());
    for kind in CAMPAIGN_KINDS {
        let id = campaign.to_owned();
        let result = with_campaign!(kind, K => {
            client.admin().campaigns::<K>().get(id).send().await.map(drop)
        });
        found.push((kind, result));
    }
    for (kind, result) in found {
        match result {
            Ok(()) => return Ok(Some(kind)),
            Err(e) if e.api().is_some_and(|a| a.is_not_found()) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}
