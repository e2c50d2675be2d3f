"""Uploads: any name becomes a plain new file inside the corpus folder, suffix kept."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from collabqa import upload
from collabqa.corpus import SUFFIXES, describe_suffixes
from collabqa.upload import safe_name, save_uploads

names = st.text(max_size=300)
stems = st.text(max_size=300)
suffixes = st.sampled_from(SUFFIXES + tuple(s.upper() for s in SUFFIXES))
text_suffixes = st.sampled_from((".md", ".markdown", ".txt", ".MD", ".Txt"))  # plain text reads


def _is_plain_child(path: Path, folder: Path) -> bool:
    return (path.parent == folder and path.name not in ("", ".", "..")
            and not path.name.startswith(".") and "/" not in path.name
            and "\x00" not in path.name and len(path.name.encode()) <= 255)


@given(names)
@settings(max_examples=300)
def test_any_name_becomes_a_plain_new_file_inside_the_folder(name):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        target = safe_name(name, folder)
        assert _is_plain_child(target, folder), target
        assert not target.exists()
        assert target.resolve().parent == folder.resolve()


@given(st.lists(names, max_size=3), stems, suffixes)
@settings(max_examples=200)
def test_a_supported_suffix_is_kept_whatever_the_path_before_it(dirs, stem, suffix):
    name = "/".join(dirs + [stem + suffix])
    with tempfile.TemporaryDirectory() as tmp:
        target = safe_name(name, Path(tmp))
        assert target.suffix == suffix
        assert upload.supported(target.name)


@given(stems, text_suffixes, st.integers(min_value=2, max_value=5))
@settings(max_examples=60, deadline=None)
def test_saving_the_same_name_again_never_overwrites(stem, suffix, times):
    with tempfile.TemporaryDirectory() as tmp:
        src, folder = Path(tmp) / "src", Path(tmp) / "corpus"
        src.mkdir()
        saved = []
        for i in range(times):
            (src / f"f{i}").write_text(f"version {i}", encoding="utf-8")
            result = save_uploads([src / f"f{i}"], folder, names=[stem + suffix])
            assert not result.refused
            saved += result.saved
        assert len(set(saved)) == times
        assert [p.read_text(encoding="utf-8") for p in saved] == [
            f"version {i}" for i in range(times)]
        assert all(p.suffix == suffix for p in saved)


def test_collisions_are_numbered_before_the_suffix(tmp_path):
    (tmp_path / "notes.md").write_text("old", encoding="utf-8")
    (tmp_path / "notes-2.md").write_text("old", encoding="utf-8")
    assert safe_name("notes.md", tmp_path).name == "notes-3.md"
    assert safe_name("../../notes.md", tmp_path).name == "notes-3.md"
    assert safe_name(".bashrc.md", tmp_path).name == "bashrc.md"


def test_unsupported_kinds_and_oversized_files_are_refused_with_a_reason(
    tmp_path, monkeypatch
):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_bytes(b"MZ\x90\x00")
    (src / "b").write_text("x" * 2000, encoding="utf-8")
    (src / "c").write_text("fine", encoding="utf-8")
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    result = save_uploads([src / "a", src / "b", src / "c"], tmp_path / "corpus",
                          names=["tool.exe", "big.md", "dir/small.txt"])
    assert [p.name for p in result.saved] == ["small.txt"]
    assert len(result.refused) == 2
    assert result.refused[0].startswith("tool.exe: not a supported kind")
    assert result.refused[1].startswith("big.md: ") and "limit" in result.refused[1]
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["small.txt"]


def test_files_the_index_would_skip_are_refused_with_the_reason_and_not_kept(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_text("  \n", encoding="utf-8")
    (src / "b").write_bytes(b"\x00\x01binary")
    (src / "c").write_bytes(b"%PDF-1.4 not really a pdf")
    (src / "d").write_text("# Notes\n\nThe pond is deep.", encoding="utf-8")
    result = save_uploads([src / n for n in "abcd"], tmp_path / "corpus",
                          names=["empty.md", "blob.txt", "scan.pdf", "notes.md"])
    assert [p.name for p in result.saved] == ["notes.md"]
    assert result.refused[0] == "empty.md: empty file"
    assert result.refused[1] == "blob.txt: looks like a binary file"
    assert result.refused[2].startswith("scan.pdf: ")
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["notes.md"]


def test_a_man_page_with_its_sections_extension_is_taken_only_when_it_is_roff(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_text('.TH PCAP 3PCAP\n.SH NAME\npcap \\- Packet Capture library\n'
                           ".SH DESCRIPTION\nThe library captures packets.\n", encoding="utf-8")
    (src / "b").write_bytes(b"7z\xbc\xaf\x27\x1c")
    result = save_uploads([src / "a", src / "b"], tmp_path / "corpus",
                          names=["pcap.3pcap", "backup.7z"])
    assert [p.name for p in result.saved] == ["pcap.3pcap"]
    assert result.refused == [f"backup.7z: not a supported kind (supported: {describe_suffixes()})"]


def test_add_uploads_builds_nothing_when_every_file_is_refused(tmp_path):
    import threading

    from collabqa.render import from_markdown
    from collabqa.upload import add_uploads

    (tmp_path / "virus.exe").write_bytes(b"MZ")
    calls = []
    status = list(add_uploads([tmp_path / "virus.exe"], tmp_path / "corpus",
                              tmp_path / "index", embedder=None, lock=threading.Lock(),
                              on_done=lambda: calls.append(1)))
    assert status[-1].startswith("**Nothing added.**")
    assert "virus.exe: not a supported kind" in from_markdown(status[-1])
    assert calls == [] and not (tmp_path / "index").exists()
