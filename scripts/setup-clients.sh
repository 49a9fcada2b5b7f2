#!/usr/bin/env bash
# Installs the Python Kroki clients that tests/e2e/clients.test.mjs drives (mkdocs with
# mkdocs-kroki-plugin), pinned in tests/clients/requirements.txt, into .venv-clients/ at the
# repository root. Idempotent: a no-op when the venv already holds exactly that file's pins.
# The Node clients (@asciidoctor/core, asciidoctor-kroki) are devDependencies in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-clients
REQS=tests/clients/requirements.txt
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQS" | cut -d' ' -f1)"

if [[ -x "$VENV/bin/python" && -x "$VENV/bin/mkdocs" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  exit 0
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  # Debian splits venv/ensurepip into python3-venv.
  scripts/apt-install.sh setup-clients python3-venv
fi

echo "setup-clients: installing $REQS into $VENV" >&2
[[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
rm -f "$STAMP"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQS"
"$VENV/bin/python" -m pip check --disable-pip-version-check >&2
echo "$want" > "$STAMP"
DISABLE_MKDOCS_2_WARNING=true "$VENV/bin/mkdocs" --version >&2
