# The portal's production image: gunicorn serves the web, the same image runs Celery.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# postgresql-client: pg_dump/pg_restore for `manage.py backup` and `restore` (PostgreSQL 15).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-wqy-zenhei postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home /app portal

COPY pyproject.toml README.md ./
COPY portal ./portal
COPY contracts ./contracts
COPY patents ./patents
COPY institutions ./institutions
RUN pip install .
COPY . .
# Production storage (hashed, compressed names with a manifest) needs DEBUG=0 to build.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
