//! Who a build is for, and which items each audience may see.

use serde::Serialize;

use super::Visibility;

/// The reader of a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Employees: public and internal items (the governance handbook).
    #[default]
    Internal,
    /// Customers and prospects: public items only (the trust center).
    Public,
    /// The certification body: everything, evidence files included.
    Auditor,
}

impl Audience {
    /// Whether this audience may see an item of the given visibility.
    pub fn sees(self, visibility: Visibility) -> bool {
        match self {
            Audience::Auditor => true,
            Audience::Internal => visibility != Visibility::Confidential,
            Audience::Public => visibility == Visibility::Public,
        }
    }

    /// The audience's name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
            Audience::Auditor => "auditor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_audience_sees_what_it_should() {
        use Visibility::*;
        let seen = |a: Audience| [Public, Internal, Confidential].map(|v| a.sees(v));
        assert_eq!(seen(Audience::Public), [true, false, false]);
        assert_eq!(seen(Audience::Internal), [true, true, false]);
        assert_eq!(seen(Audience::Auditor), [true, true, true]);
    }
}
