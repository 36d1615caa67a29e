FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Pango and fonts covering Norwegian letters for the report PDF (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home ipsweb
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Collect static files at build time; the key only lives for this step.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER ipsweb
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn ipsweb.wsgi:application --config gunicorn.conf.py --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
