"""Hugo's `param` shortcode read as the value its site shows.

Grafana's docs write the product's name as `{{< param "PRODUCT_NAME" >}}` (790 times in
Alloy's 77 pages) and set it once, in the front matter of the docs' top `_index.md`:

    cascade:
      PRODUCT_NAME: Alloy

Hugo's `param` looks a key up in the page's own parameters (its front matter, where a
section's `cascade` has put values for the pages under it) and then in the site's
configuration. Read as no text, every sentence naming the product lost its subject
("To do a silent install of on Windows"). Here a key is looked up in the page's front
matter (top level or under `params`), then in the `cascade` of each `_index.md` from the
page's folder up to the corpus folder, the nearest first; keys are matched without
regard to case, as Hugo does, and a dotted key (`grpc_vers.core`) goes down a mapping. A
key found nowhere (it is set in the site's configuration, which a folder of pages does not
hold) stays as written, and the Markdown reader reads it as nothing, as before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_PARAM = re.compile(
    r"""\{\{([<%])[ \t]*param[ \t]+(?:"([^"\n]+)"|'([^'\n]+)'|([\w.-]+))[ \t]*[>%]\}\}""")
_SECTION_PAGES = ("_index.md", "_index.markdown")


def has_params(text: str) -> bool:
    return "param" in text and _PARAM.search(text) is not None


def expand_params(text: str, path: Path, root: Path) -> str:
    """`text` (the Markdown page at `path`, inside the corpus folder `root`) with each
    `param` shortcode whose key is set replaced by its value."""
    if not has_params(text):
        return text
    from .markdown import front_matter

    meta = front_matter(text)[0]
    own = {**meta, **_mapping(meta.get("params"))}
    layers = [own, _cascade(own)]  # a section page's cascade applies to itself too
    here = path.resolve()
    for folder in _folders_up(here.parent, root.resolve()):
        for name in _SECTION_PAGES:
            page = folder / name
            if page.is_file() and page.resolve() != here:
                layers.append(_cascade(front_matter(_read(page))[0]))
                break

    def value(match: re.Match[str]) -> str:
        key = match.group(2) or match.group(3) or match.group(4)
        for layer in layers:
            found = _lookup(layer, key)
            if found is not None:
                return found
        return match.group(0)

    return _PARAM.sub(value, text)


def _folders_up(folder: Path, root: Path) -> list[Path]:
    """`folder` and each folder above it up to `root`; none when it is outside `root`."""
    if folder != root and root not in folder.parents:
        return []
    out = [folder]
    while out[-1] != root:
        out.append(out[-1].parent)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _cascade(meta: dict[str, Any]) -> dict[str, Any]:
    """What a page's front matter `cascade` gives the pages under it: a mapping, or a
    list of them (one with a `_target` applies only to some pages, so it is left out)."""
    cascade = meta.get("cascade")
    if isinstance(cascade, list):
        merged: dict[str, Any] = {}
        for item in cascade:
            if isinstance(item, dict) and "_target" not in item and "target" not in item:
                merged = {**item, **merged}
        cascade = merged
    cascade = _mapping(cascade)
    return {**cascade, **_mapping(cascade.get("params"))}


def _lookup(layer: dict[str, Any], key: str) -> str | None:
    value: Any = layer
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        lowered = {str(k).casefold(): v for k, v in value.items()}
        value = lowered.get(part.casefold())
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)
