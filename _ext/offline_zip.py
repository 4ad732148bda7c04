"""Write the offline bundle: the built site as one zip to copy to a clinic PC or a USB stick.

`make book` runs `python _ext/offline_zip.py _build/html _build/course-offline.zip` after the
HTML build and copies the zip into the site, where the handouts page offers it. Everything works
from the unzipped folder opened with file:// (tests/test_offline.py drives it in Chromium).
Left out: source maps and the theme's FontAwesome kit script (no page loads them). The bundle
cannot hold itself, so its own download link points at the published copy instead.
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

ROOT = "spasm-course"  # the folder the zip unpacks to
ZIP_NAME = "course-offline.zip"
NOTE = """\
Back and neck muscle spasms: a self-care course (offline copy)

1. Unzip this file (on Windows: right-click it, then "Extract all").
2. Open the folder "spasm-course".
3. Double-click index.html. The course opens in your web browser.

No internet is needed: the pages, search and the interactive tools all work from the folder.
Version {version}. {checked_words}: {checked}. The newest copy is at {url}
"""
SKIPPED = re.compile(r"(\.map|fontawesome\.js(\.LICENSE\.txt)?|\.buildinfo|\.built)$")


def _setting(config: str, key: str) -> str:
    """A myst_substitutions value from _config.yml (the one place for course facts)."""
    match = re.search(rf'^\s+{key}:\s*"([^"]*)"', config, re.MULTILINE)
    if not match:
        raise ValueError(f"_config.yml has no {key!r} substitution")
    return match[1]


def write_bundle(site: Path, out: Path, config_text: str) -> int:
    """Zip ``site`` into ``out`` with the note; returns the number of files."""
    if not (site / "index.html").is_file():
        raise ValueError(f"{site} holds no built site (no index.html)")
    url = _setting(config_text, "course_url")
    note = NOTE.format(version=_setting(config_text, "course_version"),
                       checked_words=_setting(config_text, "last_checked_words"),
                       checked=_setting(config_text, "last_checked"), url=url)
    tmp = out.with_suffix(".tmp")
    count = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        bundle.writestr(f"{ROOT}/OPEN-ME.txt", note)
        for path in sorted(site.rglob("*")):
            name = path.relative_to(site).as_posix()
            if not path.is_file() or SKIPPED.search(name) or name == ZIP_NAME:
                continue
            if path.suffix == ".html":
                text = path.read_text(encoding="utf-8")
                text = re.sub(rf'href="(\.\./)*{re.escape(ZIP_NAME)}"',
                              f'href="{url}{ZIP_NAME}"', text)
                bundle.writestr(f"{ROOT}/{name}", text)
            else:
                bundle.write(path, f"{ROOT}/{name}")
            count += 1
    tmp.replace(out)
    return count


if __name__ == "__main__":
    site_dir, zip_path = Path(sys.argv[1]), Path(sys.argv[2])
    repo = Path(__file__).resolve().parents[1]
    files = write_bundle(site_dir, zip_path, (repo / "_config.yml").read_text(encoding="utf-8"))
    print(f"offline bundle: {zip_path} ({files} files, {zip_path.stat().st_size / 1e6:.1f} MB)")
