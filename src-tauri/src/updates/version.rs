//! Whether an offered version may replace the installed one: only a newer one. The
//! updater plugin's own default does the same; this makes the rule Ponte's, tested, and
//! able to say why an older offer was refused.

use semver::Version;
use std::cmp::Ordering;

/// How an offered version compares with the installed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Offered to the operator.
    Newer,
    /// Nothing to do: the operator already has it.
    Same,
    /// Refused: Ponte never goes back to an older version (its store may have migrated).
    Older,
}

/// Semver order, where a pre-release (`0.2.0-rc.1`) comes before its release (`0.2.0`).
/// Build metadata (`+abc`) is ignored, so a rebuild of the same version is not offered.
pub fn judge(installed: &Version, offered: &Version) -> Verdict {
    match offered.cmp_precedence(installed) {
        Ordering::Greater => Verdict::Newer,
        Ordering::Equal => Verdict::Same,
        Ordering::Less => Verdict::Older,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn only_a_newer_version_is_offered() {
        assert_eq!(judge(&v("0.1.0"), &v("0.2.0")), Verdict::Newer);
        assert_eq!(judge(&v("0.1.0"), &v("0.1.1")), Verdict::Newer);
        assert_eq!(judge(&v("0.9.0"), &v("0.10.0")), Verdict::Newer);
        assert_eq!(judge(&v("0.2.0-rc.1"), &v("0.2.0")), Verdict::Newer);
    }

    #[test]
    fn the_same_version_is_no_offer_even_rebuilt() {
        assert_eq!(judge(&v("0.1.0"), &v("0.1.0")), Verdict::Same);
        assert_eq!(judge(&v("0.1.0+abc"), &v("0.1.0+def")), Verdict::Same);
    }

    #[test]
    fn a_downgrade_is_refused() {
        assert_eq!(judge(&v("0.2.0"), &v("0.1.9")), Verdict::Older);
        assert_eq!(judge(&v("0.10.0"), &v("0.9.0")), Verdict::Older);
        assert_eq!(judge(&v("0.2.0"), &v("0.2.0-rc.1")), Verdict::Older);
    }
}
