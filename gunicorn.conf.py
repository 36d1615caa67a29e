"""gunicorn's settings (the Dockerfile starts gunicorn with this file)."""

# Self-completion tokens never reach the access or error log (ipsweb/redaction.py).
logger_class = "ipsweb.redaction.RedactingLogger"
