"""Django's model backend, with each user's permissions cached between requests.

The permissions of a user are read once per data stamp (``ipsweb.readcache``) instead of with two
queries on every request; the stamp itself comes with the query for the user.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from ipsweb import readcache


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            **{readcache.USER_ATTRIBUTE: readcache.stamp_subquery()}
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj._perm_cache = readcache.remember(
                "permissions",
                (user_obj.pk, user_obj.is_superuser),
                lambda: frozenset(super(ModelBackend, self).get_all_permissions(user_obj)),
                stamp=readcache.stamp_for(user_obj),
            )
        return super().get_all_permissions(user_obj, obj)
