# The portal's production image: gunicorn serves the web, the same image runs Celery.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# postgresql-client: pg_dump/pg_restore for `manage.py backup` and `restore` (PostgreSQL 15).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-wqy-zenhei postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 --home /app portal

COPY pyproject.toml README.md ./
# Every package the project lists (pyproject's packages.find), so the install is whole.
COPY portal ./portal
COPY common ./common
COPY accounts ./accounts
COPY notifications ./notifications
COPY contracts ./contracts
COPY patents ./patents
COPY institutions ./institutions
COPY demands ./demands
COPY managers ./managers
COPY instruments ./instruments
RUN pip install .
COPY . .
# Production storage (hashed, compressed names with a manifest) needs DEBUG=0 to build.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R portal /app/var

USER portal
EXPOSE 8000
# Sync workers, one per core: chosen by measurement (bench/workers.py, the table in
# docker-compose.yml). gunicorn reads WEB_CONCURRENCY; set it to the host's cores.
ENV WEB_CONCURRENCY=2
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-class", "sync", "--access-logfile", "-"]
