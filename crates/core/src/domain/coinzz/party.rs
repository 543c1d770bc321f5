//! Which stored cliente a Coinzz buyer is. Coinzz sends no customer id, so the buyer is
//! found by, in order: the document (CPF or CNPJ, numeric or alphanumeric, normalised and
//! check-digit validated), then the phone in E.164 with +55, then the e-mail lower-cased.
//! A phone or e-mail match is refused when both sides carry different valid documents:
//! two people who share a phone are still two clientes. Nothing matching means a new
//! party. The raw values are stored as sent; these keys only serve the matching.

use super::PartyKeys;
use crate::documents::Documento;

/// A stored cliente, by its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownParty {
    pub external_id: String,
    pub keys: PartyKeys,
}

/// The keys of a buyer as Coinzz sent them.
pub fn keys(document: Option<&str>, phone: Option<&str>, email: Option<&str>) -> PartyKeys {
    PartyKeys {
        documento: document
            .and_then(Documento::parse)
            .map(|doc| doc.as_str().to_string()),
        telefone_e164: phone.and_then(phone_e164),
        email: email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.contains('@')),
    }
}

/// A Brazilian phone in E.164: `"+55 74900000000"`, `"(62) 95454-4554"` and
/// `"62954544554"` all give `+55…`. A national trunk `0` is dropped; a number that is
/// neither 10–11 digits (DDD + number) nor 12–13 starting with 55 is not a phone.
pub fn phone_e164(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        12 | 13 if digits.starts_with("55") => &digits[2..],
        11 | 12 if digits.starts_with('0') => &digits[1..],
        _ => digits.as_str(),
    };
    matches!(national.len(), 10 | 11).then(|| format!("+55{national}"))
}

/// The external id of a new party: its strongest key.
pub fn new_external_id(keys: &PartyKeys, order_number: &str) -> String {
    match (&keys.documento, &keys.telefone_e164, &keys.email) {
        (Some(documento), _, _) => format!("doc:{documento}"),
        (None, Some(phone), _) => format!("tel:{phone}"),
        (None, None, Some(email)) => format!("email:{email}"),
        (None, None, None) => format!("pedido:{order_number}"),
    }
}

/// The stored party the buyer is, tried key by key (see the module doc).
pub fn find<'a>(buyer: &PartyKeys, known: &'a [KnownParty]) -> Option<&'a KnownParty> {
    let same = |mine: &Option<String>, theirs: &Option<String>| {
        mine.is_some() && mine.as_deref() == theirs.as_deref()
    };
    let documents_agree = |party: &KnownParty| match (&buyer.documento, &party.keys.documento) {
        (Some(mine), Some(theirs)) => mine == theirs,
        _ => true,
    };
    known
        .iter()
        .find(|party| same(&buyer.documento, &party.keys.documento))
        .or_else(|| {
            known.iter().find(|party| {
                same(&buyer.telefone_e164, &party.keys.telefone_e164) && documents_agree(party)
            })
        })
        .or_else(|| {
            known
                .iter()
                .find(|party| same(&buyer.email, &party.keys.email) && documents_agree(party))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid alphanumeric CNPJ (the example of the Receita Federal's technical note).
    const ALPHANUMERIC_CNPJ: &str = "12.ABC.345/01DE-35";

    fn known(external_id: &str, keys: PartyKeys) -> KnownParty {
        KnownParty {
            external_id: external_id.into(),
            keys,
        }
    }

    #[test]
    fn phones_in_every_format_reach_the_same_e164() {
        for raw in [
            "+55 74900000000",
            "74900000000",
            "(74) 90000-0000",
            "55 (74) 9 0000-0000",
            "074900000000",
        ] {
            assert_eq!(phone_e164(raw).as_deref(), Some("+5574900000000"), "{raw}");
        }
        assert_eq!(
            phone_e164("(62) 3454-4554").as_deref(),
            Some("+556234544554")
        );
        assert_eq!(phone_e164("12345"), None);
    }

    #[test]
    fn documents_match_however_they_are_formatted() {
        let stored = [known(
            "doc:01234567890",
            keys(Some("01234567890"), None, None),
        )];
        let buyer = keys(Some("012.345.678-90"), Some("+55 74900000000"), None);
        assert_eq!(buyer.documento.as_deref(), Some("01234567890"));
        assert_eq!(
            find(&buyer, &stored).map(|p| p.external_id.as_str()),
            Some("doc:01234567890")
        );
    }

    #[test]
    fn an_alphanumeric_cnpj_is_a_document_and_an_invalid_one_is_not() {
        let buyer = keys(Some(ALPHANUMERIC_CNPJ), None, None);
        assert_eq!(buyer.documento.as_deref(), Some("12ABC34501DE35"));
        let stored = [known(
            "doc:12ABC34501DE35",
            keys(Some("12abc34501de35"), None, None),
        )];
        assert!(find(&buyer, &stored).is_some());
        assert_eq!(keys(Some("12.ABC.345/01DE-36"), None, None).documento, None);
        assert_eq!(keys(Some("111.111.111-11"), None, None).documento, None);
    }

    #[test]
    fn without_a_document_the_phone_then_the_email_match() {
        let stored = [
            known("tel:+5562954544554", keys(None, Some("62954544554"), None)),
            known(
                "email:cliente@example.com",
                keys(None, None, Some("cliente@example.com")),
            ),
        ];
        let by_phone = keys(None, Some("(62) 95454-4554"), Some("Cliente@Example.com"));
        assert_eq!(
            find(&by_phone, &stored).map(|p| p.external_id.as_str()),
            Some("tel:+5562954544554")
        );
        let by_email = keys(None, None, Some("  CLIENTE@example.com "));
        assert_eq!(
            find(&by_email, &stored).map(|p| p.external_id.as_str()),
            Some("email:cliente@example.com")
        );
        assert!(find(&keys(None, Some("11999998888"), None), &stored).is_none());
    }

    #[test]
    fn a_shared_phone_does_not_merge_two_documents() {
        let stored = [known(
            "doc:01234567890",
            keys(Some("01234567890"), Some("62954544554"), None),
        )];
        let other_person = keys(Some("629.721.940-04"), Some("62954544554"), None);
        assert!(find(&other_person, &stored).is_none());
        assert_eq!(new_external_id(&other_person, "ORD1"), "doc:62972194004");
        assert_eq!(
            new_external_id(&PartyKeys::default(), "ORD1"),
            "pedido:ORD1"
        );
    }
}
