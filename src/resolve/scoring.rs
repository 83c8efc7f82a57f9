//! Risk scores: likelihood times impact, banded into the portal's levels.

use serde::Serialize;

use crate::model::Rating;
use crate::model::config::RiskLevel;

/// A rating with its score and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    /// How likely the risk is, on the portal's likelihood scale.
    pub likelihood: u32,
    /// How bad it would be, on the portal's impact scale.
    pub impact: u32,
    /// `likelihood * impact`.
    pub score: u32,
    /// Name of the band the score falls in.
    pub level: String,
}

impl Score {
    /// Scores a rating against the level bands (sorted by `max`).
    pub fn of(rating: Rating, levels: &[RiskLevel]) -> Score {
        let score = rating.likelihood.saturating_mul(rating.impact);
        Score {
            likelihood: rating.likelihood,
            impact: rating.impact,
            score,
            level: level_of(score, levels).to_string(),
        }
    }
}

/// The level of a score: the first band whose `max` reaches it, else the highest band.
pub fn level_of(score: u32, levels: &[RiskLevel]) -> &str {
    levels
        .iter()
        .find(|l| score <= l.max)
        .or(levels.last())
        .map_or("unrated", |l| l.name.as_str())
}

/// Whether the bands cover every score from 1 to `scale * scale`, in increasing order.
pub fn bands_cover(levels: &[RiskLevel], scale: u32) -> Result<(), String> {
    let top = scale.saturating_mul(scale);
    let mut previous = 0;
    for level in levels {
        if level.max <= previous {
            return Err(format!(
                "level `{}` (max {}) must have a higher max than the level before it",
                level.name, level.max
            ));
        }
        previous = level.max;
    }
    if previous < top {
        return Err(format!(
            "the levels stop at {previous} but scores reach {top} (scale {scale} x {scale})"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Vec<RiskLevel> {
        [("low", 4), ("medium", 9), ("high", 16), ("critical", 25)]
            .into_iter()
            .map(|(n, m)| RiskLevel {
                name: n.into(),
                max: m,
            })
            .collect()
    }

    #[test]
    fn bands_scores() {
        let s = Score::of(
            Rating {
                likelihood: 4,
                impact: 5,
            },
            &levels(),
        );
        assert_eq!((s.score, s.level.as_str()), (20, "critical"));
        assert_eq!(level_of(9, &levels()), "medium");
        assert_eq!(level_of(10, &levels()), "high");
    }

    #[test]
    fn detects_bands_that_do_not_cover_the_scale() {
        assert!(bands_cover(&levels(), 5).is_ok());
        assert!(
            bands_cover(&levels()[..3], 5)
                .unwrap_err()
                .contains("stop at 16")
        );
    }
}
