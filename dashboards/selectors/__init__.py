"""Reads for the dashboards, one module per page family. Every function runs a fixed number of
queries, however many centers and reviews there are: where thousands of rows can come back they
read plain values (not model instances), and leave the arithmetic to ``reviews.comparison`` and
``reviews.scoring``."""

from dashboards.selectors.center import CenterDashboard, ProfileRow, center_dashboard
from dashboards.selectors.comparisons import (
    ComparisonData,
    ComparisonPage,
    ComparisonShown,
    ComparisonTables,
    FidelityOutcomePage,
    FidelityOutcomeShown,
    Selection,
    comparable_scale_codes,
    comparison_data,
    comparison_for_user,
    comparison_page,
    comparison_tables_for_user,
    default_scale_code,
    fidelity_outcome_page,
    fidelity_outcomes_for_user,
)
from dashboards.selectors.joint import SHOWN as JOINT_SHOWN
from dashboards.selectors.joint import JointDisplay, joint_display
from dashboards.selectors.portfolio import (
    SORT_KEYS,
    Direction,
    PortfolioFilters,
    PortfolioRow,
    PortfolioShown,
    UpcomingReview,
    band_intervals,
    band_labels,
    portfolio,
    portfolio_page,
    review_due_on,
)
from dashboards.selectors.self_assessments import (
    CenterPair,
    ItemMean,
    SelfAssessmentOverview,
    self_assessment_overview,
)

__all__ = [
    "JOINT_SHOWN",
    "SORT_KEYS",
    "CenterDashboard",
    "CenterPair",
    "ComparisonData",
    "ComparisonPage",
    "ComparisonShown",
    "ComparisonTables",
    "Direction",
    "FidelityOutcomePage",
    "FidelityOutcomeShown",
    "ItemMean",
    "JointDisplay",
    "PortfolioFilters",
    "PortfolioRow",
    "PortfolioShown",
    "ProfileRow",
    "Selection",
    "SelfAssessmentOverview",
    "UpcomingReview",
    "band_intervals",
    "band_labels",
    "center_dashboard",
    "comparable_scale_codes",
    "comparison_data",
    "comparison_for_user",
    "comparison_page",
    "comparison_tables_for_user",
    "default_scale_code",
    "fidelity_outcome_page",
    "fidelity_outcomes_for_user",
    "joint_display",
    "portfolio",
    "portfolio_page",
    "review_due_on",
    "self_assessment_overview",
]
