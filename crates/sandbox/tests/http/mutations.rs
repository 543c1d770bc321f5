//! Mutations stamp a `modificado_em` newer than any before, change the summary, and
//! deleted records vanish from lists and reads by id. Centros de custo, which have no
//! `modificado_em`, are created and renamed, and the ones records point at stay.

use super::{all_pages, config, get, id_of, start};
use ponte_sandbox::{Mutation, MutationAction, MutationEntity, SandboxError};
use reqwest::StatusCode;

#[tokio::test]
async fn mutations_bump_modificado_em_and_change_the_summary() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let before = handle.summary();
    let mut newest_before = String::new();
    for resource in ["clientes", "fornecedores", "vendas"] {
        let query = "ordenacao=modificado_em&direcao=desc&limite=1";
        let body = get(&sandbox, &format!("/{resource}?{query}")).await.json();
        newest_before = newest_before.max(
            body["data"][0]["modificado_em"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }

    let outcomes = handle.apply_random(11, 6, 6, 6);
    assert_eq!(outcomes.len(), 18);
    assert_ne!(handle.summary(), before);
    let mut stamps = Vec::new();
    for outcome in &outcomes {
        let path = format!("/{}/{}", outcome.entity.resource(), outcome.id);
        let answer = get(&sandbox, &path).await;
        match outcome.action {
            MutationAction::Deleted => assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}"),
            MutationAction::Created | MutationAction::Updated => {
                let stamp = outcome.modificado_em.clone().unwrap();
                assert!(stamp > newest_before, "{stamp} <= {newest_before}");
                if answer.status == StatusCode::OK {
                    assert_eq!(answer.json()["data"]["modificado_em"], stamp.as_str());
                }
                stamps.push(stamp);
            }
        }
    }
    assert!(
        stamps.windows(2).all(|pair| pair[0] < pair[1]),
        "{stamps:?}"
    );
}

#[tokio::test]
async fn newest_changes_come_first_when_ordered_by_modificado_em() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let created = handle
        .apply(Mutation::Create(MutationEntity::Cliente))
        .unwrap();
    let updated = handle
        .apply(Mutation::Update(
            MutationEntity::Cliente,
            created.id.clone(),
        ))
        .unwrap();
    assert!(updated.modificado_em > created.modificado_em);
    let body = get(
        &sandbox,
        "/clientes?ordenacao=modificado_em&direcao=desc&limite=1",
    )
    .await
    .json();
    assert_eq!(id_of(&body["data"][0]), created.id);
    assert_eq!(
        body["data"][0]["modificado_em"],
        updated.modificado_em.unwrap().as_str()
    );
    assert_eq!(handle.summary().entities["clientes"].count, 201);
}

#[tokio::test]
async fn deleted_titles_vanish_from_lists_and_the_summary() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let current_month = all_pages(&sandbox, "recebimentos", "ordenacao=id").await;
    let victim = id_of(&current_month[0]);
    let outcome = handle
        .apply(Mutation::Delete(
            MutationEntity::Recebimento,
            victim.clone(),
        ))
        .unwrap();
    assert_eq!(outcome.action, MutationAction::Deleted);
    let after = all_pages(&sandbox, "recebimentos", "ordenacao=id").await;
    assert_eq!(after.len() + 1, current_month.len());
    assert!(after.iter().all(|r| id_of(r) != victim));
    assert_eq!(handle.summary().entities["recebimentos"].count, 1_799);
    let again = handle.apply(Mutation::Delete(MutationEntity::Recebimento, victim));
    assert!(matches!(again, Err(SandboxError::RecordNotFound { .. })));
}

#[tokio::test]
async fn a_renamed_centro_is_served_and_copied_by_later_records_and_stays_undeletable() {
    let sandbox = start(config()).await;
    let handle = sandbox.handle();
    let centros = all_pages(&sandbox, "centros_custos", "ordenacao=id").await;
    let operacional = centros
        .iter()
        .find(|c| c["nome"] == "Operacional")
        .map(id_of)
        .unwrap();

    let renamed = handle
        .apply(Mutation::Update(
            MutationEntity::CentroCusto,
            operacional.clone(),
        ))
        .unwrap();
    assert_eq!(renamed.modificado_em, None);
    let served = get(&sandbox, &format!("/centros_custos/{operacional}"))
        .await
        .json();
    assert_eq!(served["data"]["nome"], "Operações");
    let title = handle
        .apply(Mutation::Create(MutationEntity::Pagamento))
        .unwrap();
    let title = get(&sandbox, &format!("/pagamentos/{}", title.id))
        .await
        .json();
    assert_eq!(title["data"]["centro_custo_id"], operacional.as_str());
    assert_eq!(title["data"]["nome_centro_custo"], "Operações");

    let in_use = handle.apply(Mutation::Delete(MutationEntity::CentroCusto, operacional));
    assert!(
        matches!(in_use, Err(SandboxError::RecordInUse { .. })),
        "{in_use:?}"
    );
    let created = handle
        .apply(Mutation::Create(MutationEntity::CentroCusto))
        .unwrap();
    assert_eq!(
        all_pages(&sandbox, "centros_custos", "ordenacao=id")
            .await
            .len(),
        centros.len() + 1
    );
    handle
        .apply(Mutation::Delete(
            MutationEntity::CentroCusto,
            created.id.clone(),
        ))
        .unwrap();
    let answer = get(&sandbox, &format!("/centros_custos/{}", created.id)).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}
