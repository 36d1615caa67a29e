"""Loaded as a pytest plugin (see pyproject.toml) so it runs before Django reads its settings.

Tests run with the local-development defaults (DEBUG on while settings load: plain static files, no
HTTPS redirect); pytest-django still turns DEBUG off for the tests themselves. Production settings
are tested in subprocesses, see tests/ipsweb/test_settings.py.
"""

import os

os.environ.setdefault("DEBUG", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same thread
# (fixtures, assertions) are still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
