from centers.roles import Role, user_role


def role(request):
    """Expose the user's role to templates so navigation shows only what the role can use."""
    current = user_role(request.user) if hasattr(request, "user") else None
    return {
        "user_role": current,
        "is_admin_role": current == Role.ADMIN,
        "is_manager_role": current == Role.MANAGER,
        "is_reviewer_role": current == Role.REVIEWER,
        "is_researcher_role": current == Role.RESEARCHER,
    }
