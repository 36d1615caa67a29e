"""Who may do what with one review. Roles grant Django permissions (see migrations/0002_roles.py);
the review decides the rest: whether the user is assigned, leads it, and its status."""

from dataclasses import dataclass

from reviews.models import Review, ReviewAssignment


@dataclass(frozen=True)
class ReviewAccess:
    view: bool
    plan: bool  # change the plan (center, scale, dates, reviewers)
    rate: bool  # rate items as an assigned reviewer
    lead: bool  # consensus, report text, finalize and action plan
    reopen: bool
    see_ratings: bool  # every reviewer's individual ratings side by side
    see_unfinished_ratings: bool  # including those of reviewers who are still rating
    send_report: bool  # mail the report PDF to the center (once the review is final)
    # make and withdraw the links a center's contact follows the action plan up with
    follow_up: bool = False
    assignment: ReviewAssignment | None = None

    @property
    def is_assigned(self) -> bool:
        return self.assignment is not None

    @property
    def facts(self) -> bool:
        """See and enter the review's facts and manage its data request: the review's reviewers
        and those who plan reviews (admins)."""
        return self.plan or self.rate

    @property
    def rating_completed(self) -> bool:
        return self.assignment is not None and self.assignment.rating_completed_at is not None


def review_access(user, review: Review, assignment: ReviewAssignment | None) -> ReviewAccess:
    """What ``user`` may do with ``review``, given their assignment to it (None if unassigned).

    Individual ratings stay hidden from a reviewer until their own rating is complete, and from
    program managers until the review is final.
    """
    leads_any = user.has_perm("reviews.lead_any_review")
    return ReviewAccess(
        view=user.has_perm("reviews.view_review"),
        plan=user.has_perm("reviews.change_review"),
        rate=assignment is not None and user.has_perm("reviews.add_rating"),
        lead=leads_any
        or (
            assignment is not None
            and assignment.is_lead
            and user.has_perm("reviews.change_consensusscore")
        ),
        reopen=user.has_perm("reviews.reopen_review"),
        see_ratings=leads_any
        or (assignment is not None and assignment.rating_completed_at is not None)
        or (review.is_final and user.has_perm("reviews.view_rating")),
        see_unfinished_ratings=leads_any,
        send_report=leads_any or (assignment is not None and user.has_perm("reviews.add_rating")),
        # The review's reviewers, and whoever reads every review of the center (its program
        # managers, admins), send the center the link to its action plan.
        follow_up=leads_any
        or assignment is not None
        or user.has_perm("reviews.view_center_reviews"),
        assignment=assignment,
    )
