# Rumbo app image: multi-stage, slim, non-root.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN /opt/venv/bin/pip install --upgrade pip && /opt/venv/bin/pip install .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RUMBO_VAR_DIR=/app/var RUMBO_LOG_JSON=true
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin rumbo
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=rumbo:rumbo knowledge_base ./knowledge_base
COPY --chown=rumbo:rumbo nlu ./nlu
RUN mkdir -p /app/var && chown rumbo:rumbo /app/var
USER rumbo
# The embedded model is trained at build time so a start takes seconds; it is retrained at start
# only if the content changed.
RUN rumbo train
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)" || exit 1
CMD ["rumbo", "serve", "--host", "0.0.0.0", "--port", "8000"]
