"""Which files a scan sees: folders, named files, globs, and every way a path can be broken."""

from __future__ import annotations

import os
from pathlib import Path

from policy_audit.discover import discover
from policy_audit.errors import DocumentProblem


def paths(discovery):
    return [i.path for i in discovery.inputs]


def test_folder_walk_is_recursive_sorted_and_skips_what_is_not_a_policy(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    for name in ["b/2.pdf", "b/1.DOCX", "a/deep/x.htm", "a/z.md", "a/y.txt", "a/w.html"]:
        (tmp_path / name).write_text("x")
    for name in ["a/.hidden.pdf", "a/~$lock.docx", "a/data.xlsx", "a/notes"]:
        (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "inside.txt").write_text("x")

    found = discover([tmp_path])
    rel = [os.path.relpath(p, tmp_path) for p in paths(found)]
    assert rel == ["a/deep/x.htm", "a/w.html", "a/y.txt", "a/z.md", "b/1.DOCX", "b/2.pdf"]
    assert all(i.ok for i in found.inputs)


def test_a_named_file_of_any_extension_is_audited(tmp_path):
    odd = tmp_path / "order.rtf"
    odd.write_text("x")
    assert paths(discover([odd])) == [str(odd)]


def test_duplicates_are_removed_by_resolved_path(tmp_path):
    (tmp_path / "d").mkdir()
    f = tmp_path / "d" / "p.txt"
    f.write_text("x")
    (tmp_path / "link.txt").symlink_to(f)
    found = discover([f, tmp_path / "d", str(tmp_path / "d" / ".." / "d" / "p.txt"), tmp_path / "link.txt"])
    assert len(found.inputs) == 1


def test_globs_are_expanded_here_since_quoted_globs_reach_us_unexpanded(tmp_path):
    for name in ["a/1.pdf", "a/2.pdf", "a/3.txt", "b/4.pdf"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = discover([str(tmp_path / "*" / "*.pdf")])
    assert [os.path.relpath(p, tmp_path) for p in paths(found)] == ["a/1.pdf", "a/2.pdf", "b/4.pdf"]
    found = discover([str(tmp_path / "**" / "*.txt")])
    assert [os.path.relpath(p, tmp_path) for p in paths(found)] == ["a/3.txt"]


def test_a_glob_that_matches_nothing_and_a_missing_path_are_error_rows(tmp_path):
    found = discover([str(tmp_path / "*.pdf"), tmp_path / "missing.pdf"])
    assert [i.problem for i in found.inputs] == [DocumentProblem.NOT_FOUND, DocumentProblem.NOT_FOUND]
    assert "no file matches" in found.inputs[0].reason
    assert "no such file" in found.inputs[1].reason


def test_symlink_loops_and_dangling_links_are_rows_not_crashes(tmp_path):
    root = tmp_path / "dept"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "ok.txt").write_text("x")
    (root / "sub" / "back").symlink_to(root)  # a folder that contains itself
    (root / "self.pdf").symlink_to(root / "self.pdf")  # a link to itself
    (root / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")

    found = discover([root])
    by_name = {Path(i.path).name: i for i in found.inputs}
    assert set(by_name) == {"ok.txt", "back", "self.pdf", "gone.pdf"}
    assert by_name["ok.txt"].ok
    assert "symlink loop" in by_name["back"].reason
    assert "symlink loop" in by_name["self.pdf"].reason
    assert "dangling symlink" in by_name["gone.pdf"].reason
    assert all(not by_name[n].ok for n in ("back", "self.pdf", "gone.pdf"))


def test_an_empty_folder_is_noted(tmp_path):
    found = discover([tmp_path])
    assert found.inputs == ()
    assert "no documents" in found.notes[0]


def test_folder_walk_takes_every_name_the_readers_take(tmp_path):
    """The walk and the readers share one list: a .xhtml page or a .markdown file is no longer left out."""
    names = ["a.xhtml", "b.text", "c.markdown", "d.docm", "e.mkd", "f.mdown"]
    for name in names + ["g.odt", "h.rtf", "i.zip"]:
        (tmp_path / name).write_text("x")
    assert [os.path.basename(p) for p in paths(discover([tmp_path]))] == names
