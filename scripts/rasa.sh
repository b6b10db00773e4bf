#!/usr/bin/env bash
# Rasa 3.6 NLU backend for Rumbo: pinned venv (outside the clone), training, serving.
#
#   scripts/rasa.sh venv [--print-path]
#       Build (once) the Python 3.10 venv with rasa/requirements.txt under
#       rasa/constraints.txt, in
#       ${RUMBO_CACHE_DIR:-$HOME/.cache/rumbo}/rasa-venv-<sha256(constraints+requirements)[:12]>.
#       A marker file makes later calls a no-op. --print-path prints the venv
#       path as the last line of stdout (all progress goes to stderr).
#   scripts/rasa.sh train [--out DIR] [--nlu DIR] [--force]
#       rasa train nlu with nlu/config.yml and nlu/data (or --nlu DIR) into
#       DIR (default var/rasa-models)/rumbo-nlu.tar.gz. Skipped ("up to date")
#       when that model is newer than every file in nlu/ (and in --nlu DIR).
#   scripts/rasa.sh serve [--port P] [--model FILE]
#       rasa run --enable-api on 127.0.0.1:P (default 5005); the parse
#       endpoint is POST /model/parse {"text": "..."}.
#
# Environment: RUMBO_CACHE_DIR (venv and Rasa's training cache live there),
# RUMBO_PYTHON310 (explicit interpreter). Telemetry is always off.
# Relative paths given as arguments are taken from the caller's directory;
# everything else is relative to the repository root.
set -euo pipefail

CALLER_PWD="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CACHE_ROOT="${RUMBO_CACHE_DIR:-$HOME/.cache/rumbo}"
MODEL_NAME="rumbo-nlu"

export RASA_TELEMETRY_ENABLED=false
# Rasa's graph cache defaults to ./.rasa/cache (inside the clone): keep it out.
export RASA_CACHE_DIRECTORY="${RASA_CACHE_DIRECTORY:-$CACHE_ROOT/rasa-train-cache}"
# Quieter TensorFlow and SQLAlchemy start-up chatter.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export SQLALCHEMY_SILENCE_UBER_WARNING="${SQLALCHEMY_SILENCE_UBER_WARNING:-1}"

log() { printf 'rasa.sh: %s\n' "$*" >&2; }
die() { local code="$1"; shift; printf 'rasa.sh: %s\n' "$*" >&2; exit "$code"; }

abspath() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$CALLER_PWD/$1" ;;
  esac
}

is_py310() {
  [ -n "$1" ] && "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

find_python310() {
  local tried=() cand root
  if [ -n "${RUMBO_PYTHON310:-}" ]; then
    is_py310 "$RUMBO_PYTHON310" && { printf '%s\n' "$RUMBO_PYTHON310"; return 0; }
    tried+=("RUMBO_PYTHON310=$RUMBO_PYTHON310")
  fi
  # A pyenv shim answers to `command -v` but fails unless 3.10 is activated,
  # so every candidate is actually run.
  if cand="$(command -v python3.10 2>/dev/null)"; then
    is_py310 "$cand" && { printf '%s\n' "$cand"; return 0; }
    tried+=("$cand")
  else
    tried+=("python3.10 on PATH")
  fi
  root=""
  if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root 2>/dev/null || true)"; fi
  [ -n "$root" ] || root="${PYENV_ROOT:-$HOME/.pyenv}"
  if ! ls -d "$root"/versions/3.10*/bin/python3.10 >/dev/null 2>&1; then
    tried+=("$root/versions/3.10*/bin/python3.10")
  fi
  for cand in $(ls -d "$root"/versions/3.10*/bin/python3.10 2>/dev/null | sort -V -r) /usr/bin/python3.10 /usr/local/bin/python3.10; do
    is_py310 "$cand" && { printf '%s\n' "$cand"; return 0; }
    tried+=("$cand")
  done
  die 3 "python3.10 not found: tried ${tried[*]} (install Python 3.10 with pyenv or apt, or set RUMBO_PYTHON310)"
}

venv_hash() {
  cat rasa/constraints.txt rasa/requirements.txt | sha256sum | cut -c1-12
}

venv_dir() {
  printf '%s/rasa-venv-%s\n' "$CACHE_ROOT" "$(venv_hash)"
}

# Builds the venv if needed; prints nothing on stdout.
ensure_venv() {
  local dir marker py start
  dir="$(venv_dir)"
  marker="$dir/.rumbo-venv-complete"
  if [ -f "$marker" ] && [ -x "$dir/bin/rasa" ]; then
    return 0
  fi
  mkdir -p "$CACHE_ROOT"
  # One builder at a time (two make targets may race for the same venv).
  exec 9>"$dir.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if [ -f "$marker" ] && [ -x "$dir/bin/rasa" ]; then
    exec 9>&-
    return 0
  fi
  py="$(find_python310)"
  log "building $dir with $py (cold install takes a few minutes, ~2.7 GB)"
  start=$SECONDS
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/python" -m pip install --disable-pip-version-check --no-input \
    -r rasa/requirements.txt -c rasa/constraints.txt >&2
  "$dir/bin/rasa" --version >&2
  printf 'hash=%s\ncreated=%s\npython=%s\nseconds=%s\n' \
    "$(venv_hash)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$py" "$((SECONDS - start))" >"$marker"
  log "venv ready in $((SECONDS - start)) s: $dir"
  exec 9>&-
}

cmd_venv() {
  local print_path=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --print-path) print_path=1 ;;
      *) die 2 "venv: unknown argument $1" ;;
    esac
    shift
  done
  ensure_venv
  if [ "$print_path" = 1 ]; then venv_dir; fi
}

cmd_train() {
  local out="var/rasa-models" nlu="nlu/data" force=0 model newer
  while [ $# -gt 0 ]; do
    case "$1" in
      --out) out="$(abspath "${2:?--out needs a directory}")"; shift ;;
      --nlu) nlu="$(abspath "${2:?--nlu needs a directory}")"; shift ;;
      --force) force=1 ;;
      *) die 2 "train: unknown argument $1" ;;
    esac
    shift
  done
  [ -f nlu/config.yml ] || die 2 "train: nlu/config.yml missing"
  [ -d "$nlu" ] || die 2 "train: NLU data folder $nlu missing"
  model="$out/$MODEL_NAME.tar.gz"
  if [ "$force" = 0 ] && [ -f "$model" ]; then
    newer="$(find nlu "$nlu" -type f -newer "$model" -print -quit)"
    if [ -z "$newer" ]; then
      echo "up to date: $model"
      return 0
    fi
    log "retraining: $newer is newer than $model"
  fi
  ensure_venv
  mkdir -p "$out"
  local venv start
  venv="$(venv_dir)"
  start=$SECONDS
  "$venv/bin/rasa" train nlu --config nlu/config.yml --nlu "$nlu" \
    --out "$out" --fixed-model-name "$MODEL_NAME"
  [ -f "$model" ] || die 1 "train: rasa finished but $model is missing"
  log "trained $model in $((SECONDS - start)) s"
}

cmd_serve() {
  local port=5005 model="var/rasa-models/$MODEL_NAME.tar.gz"
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="${2:?--port needs a number}"; shift ;;
      --model) model="$(abspath "${2:?--model needs a file}")"; shift ;;
      *) die 2 "serve: unknown argument $1" ;;
    esac
    shift
  done
  [ -f "$model" ] || die 2 "serve: no model at $model (run scripts/rasa.sh train first)"
  ensure_venv
  log "serving $model on http://127.0.0.1:$port (POST /model/parse)"
  exec "$(venv_dir)/bin/rasa" run --enable-api -m "$model" -p "$port" -i 127.0.0.1
}

usage() {
  sed -n '2,21p' "$ROOT/scripts/rasa.sh" | sed 's/^# \{0,1\}//' >&2
}

sub="${1:-}"
[ $# -gt 0 ] && shift
case "$sub" in
  venv) cmd_venv "$@" ;;
  train) cmd_train "$@" ;;
  serve) cmd_serve "$@" ;;
  -h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
