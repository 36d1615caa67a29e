"""Link tokens kept out of logs.

A self-completion link (``/s/<token>/``) is the key to a participant's survey, a data request
link (``/d/<token>/``) and an action plan link (``/a/<token>/``) the key to a center's review
facts and action items, so their tokens must not be written where others read: gunicorn's access
log (the request line, the path and the Referer of the pages and files a link's page loads) and
ipsweb's own log (Django logs the path of refused requests, and the Referer of refused CSRF
checks). Both pass through ``redact``; gunicorn uses ``RedactingLogger`` (gunicorn.conf.py),
Django's logging the ``RedactTokens`` filter (settings.LOGGING).
"""

import logging
import re

from gunicorn.glogging import Logger

# "/s/", "/d/" or "/a/" then one path segment, except the fixed thanks page; works on paths and
# whole URLs.
TOKEN_IN_PATH = re.compile(r"/([sad])/(?!thanks(?:[/?#\s\"]|$))[^/?#\s\"]+")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"/\1/[token]", text)


class RedactTokens(logging.Filter):
    """Replaces tokens in a log record's message (the record is changed for every handler)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingLogger(Logger):
    """gunicorn's logger, with tokens redacted from every value an access log line can show and
    from its error log."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.addFilter(RedactTokens())
