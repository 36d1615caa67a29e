from accounts import middleware, selectors


def note_second_factor(sender, request, user, **kwargs):
    """At login, remember whether this user set up a second factor (``user_logged_in``)."""
    if hasattr(request, "session") and selectors.authenticator(user) is not None:
        request.session[middleware.HAS_SECOND_FACTOR] = True
