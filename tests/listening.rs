//! Does the scorer listen to what was said (issue 27)? A sentence that
//! rejects a practice earns the concept that rejects it; a sentence that
//! denies or dismisses a concept earns nothing for it, and the feedback
//! says the claim is wrong; a harmful default stated as a fact fires its
//! red flag. These are the reproductions of the issue, through the
//! built-in bank and its static model, as a candidate meets them.

use mock::{score, Assessment, Bank};

/// Scored as `ask` and `score` do: with the semantic stage and the built-in model.
fn assess(id: &str, answer: &str) -> Assessment {
    let mut bank = Bank::builtin().unwrap();
    bank.set_encoder(Some(mock::encoder::builtin_encoder()));
    score(bank.get(id).unwrap(), answer)
}

fn concept<'a>(a: &'a Assessment, id: &str) -> &'a mock::scoring::ConceptResult {
    a.concepts.iter().find(|c| c.id == id).unwrap()
}

#[test]
fn a_two_phase_commit_default_fires_the_red_flag() {
    let a = assess(
        "data-consistency",
        "Every write across services goes through a two-phase commit, with a central coordinator.",
    );
    assert!(
        a.red_flags
            .iter()
            .any(|f| f.id == "recommends-distributed-transactions"),
        "{:?}",
        a.red_flags
    );
    // Condemning it still fires nothing.
    let a = assess(
        "data-consistency",
        "Making every write go through a two-phase commit is a nightmare.",
    );
    assert!(a.red_flags.is_empty(), "{:?}", a.red_flags);
}

#[test]
fn measuring_individual_output_earns_nothing_for_not_judging_individuals() {
    let a = assess(
        "engineering-metrics",
        "I measure engineering health mainly through individual output.",
    );
    let c = concept(&a, "not-individuals");
    assert_eq!(c.credit, 0.0, "{c:?}");
    assert!(c.claims.iter().all(|claim| !claim.made), "{c:?}");
}

#[test]
fn dismissing_developer_experience_earns_nothing_for_it() {
    let a = assess(
        "engineering-metrics",
        "Surveys about developer experience are soft and I ignore them.",
    );
    let c = concept(&a, "developer-experience");
    assert_eq!(c.credit, 0.0, "{c:?}");
    // Valuing it still earns it.
    let a = assess(
        "engineering-metrics",
        "We also survey developer experience every quarter.",
    );
    assert!(concept(&a, "developer-experience").hit);
}

#[test]
fn avoiding_a_transaction_across_services_earns_avoid_distributed_transactions() {
    let a = assess(
        "data-consistency",
        "I avoid one transaction that spans several services, because then every service is only as available as the slowest one.",
    );
    let c = concept(&a, "avoid-distributed-transactions");
    assert!(c.hit, "{c:?}");
    assert!(a.red_flags.is_empty(), "{:?}", a.red_flags);
    // Doing it earns nothing.
    let a = assess(
        "data-consistency",
        "I use one transaction that spans several services.",
    );
    assert!(!concept(&a, "avoid-distributed-transactions").hit);
}

#[test]
fn a_concept_named_to_be_denied_earns_nothing_and_is_called_wrong() {
    for (answer, id) in [
        ("Eventual consistency is a bug.", "eventual-consistency"),
        ("The CAP theorem does not really apply.", "cap-tradeoff"),
    ] {
        let a = assess("data-consistency", answer);
        let c = concept(&a, id);
        assert_eq!(c.credit, 0.0, "{answer}: {c:?}");
        assert!(
            a.misconceptions
                .iter()
                .any(|m| m.contradicts.as_deref() == Some(id) && !m.feedback.is_empty()),
            "{answer}: the feedback says the claim is wrong: {:?}",
            a.misconceptions
        );
    }
    // Stating it earns it.
    let a = assess(
        "data-consistency",
        "Across services we accept eventual consistency.",
    );
    assert!(concept(&a, "eventual-consistency").hit);
}
