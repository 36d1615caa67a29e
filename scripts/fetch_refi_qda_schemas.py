"""Fetch the published REFI-QDA schemas (QDA-XML 1.0, release of 18 March 2019) for the tests.

    .venv/bin/python scripts/fetch_refi_qda_schemas.py        # `make test` runs it

The tests validate ipsweb's `.qdpx` and `.qdc` exports against the published `Project.xsd` and
`Codebook.xsd`. They are not part of this repository: this script downloads, with pip, the source
distribution of the PyPI package pyrefiqda (an exact version, checked by SHA-256), takes the two
files out of it (each checked by SHA-256 too) and writes them to `.cache/refi-qda/`, which git
ignores. Nothing is installed. Does nothing when both files are there with the expected contents.
"""

import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE, VERSION = "pyrefiqda", "0.3.1"
SDIST_SHA256 = "e92aab320a3ca9320c17857208dce65c7846f248dfdfeea2b7318bf4198c6526"
SCHEMAS = {
    "Project.xsd": "77608205d5c17c6a60f75e771dd825d8e36eb7db24f8fe7cb86d47e70f83c0f5",
    "Codebook.xsd": "bc4706a6fdb736cc3248de1753366f2b1f5b13e6828d319cea2874deb7e61b52",
}
TARGET = Path(__file__).resolve().parent.parent / ".cache" / "refi-qda"
TIMEOUT = 300  # seconds for the download


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def present() -> bool:
    return all(
        (TARGET / name).is_file() and sha256((TARGET / name).read_bytes()) == digest
        for name, digest in SCHEMAS.items()
    )


def sdist() -> bytes:
    """The package's source distribution, downloaded by pip (the index pip is configured with),
    checked by its SHA-256."""
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                directory,
                f"{PACKAGE}=={VERSION}",
            ],
            check=True,
            timeout=TIMEOUT,
        )
        (path,) = Path(directory).glob(f"{PACKAGE}-{VERSION}.tar.gz")
        data = path.read_bytes()
    if sha256(data) != SDIST_SHA256:
        raise SystemExit(f"{path.name}: not the expected file (SHA-256 differs); nothing written.")
    return data


def main() -> int:
    if present():
        return 0
    with tarfile.open(fileobj=io.BytesIO(sdist()), mode="r:gz") as archive:
        found = {
            Path(member.name).name: archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.isfile() and Path(member.name).name in SCHEMAS
        }
    for name, digest in SCHEMAS.items():
        if name not in found or sha256(found[name]) != digest:
            raise SystemExit(f"{name}: missing or not the expected file; nothing written.")
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, data in found.items():
        (TARGET / name).write_bytes(data)
    print(f"REFI-QDA schemas written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
