from rest_framework.permissions import BasePermission


def has_perm(permission: str) -> type[BasePermission]:
    """Logged in (401 otherwise) with ``permission`` (403 otherwise), as the page asks."""

    class HasPermission(BasePermission):
        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(permission))

    HasPermission.__name__ = f"Has({permission})"
    return HasPermission
