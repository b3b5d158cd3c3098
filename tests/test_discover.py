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
    # A file with no extension is sniffed by the reader (records requests strip extensions).
    assert rel == ["a/deep/x.htm", "a/notes", "a/w.html", "a/y.txt", "a/z.md", "b/1.DOCX", "b/2.pdf"]
    assert all(i.ok for i in found.inputs)
    # The spreadsheet is not lost without a word: it is listed as skipped, with the reason.
    assert [(os.path.relpath(s.path, tmp_path), "format" in s.reason) for s in found.skipped] == [("a/data.xlsx", True)]
    assert any("skipped 1" in n and "data.xlsx" in n for n in found.notes)


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
    # .odt and .zip get a row too: the reader says what they are and what to do (issue #12 item 3).
    assert [os.path.basename(p) for p in paths(discover([tmp_path]))] == names + ["g.odt", "h.rtf", "i.zip"]


def test_files_that_are_not_policies_by_name_are_skipped_and_counted_unless_named(tmp_path):
    for name in ["README.md", "readme", "License.txt", "CHANGELOG.rst", "contributing.md", "Code-Of-Conduct.md"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "order.txt").write_text("x")
    found = discover([tmp_path])
    assert paths(found) == [str(tmp_path / "order.txt")]
    assert len(found.skipped) == 6
    assert all("not a policy by its name" in s.reason for s in found.skipped)
    assert any(n.startswith("skipped 6: not a policy by its name") for n in found.notes)
    # Named on the command line, it is audited.
    assert paths(discover([tmp_path / "README.md"])) == [str(tmp_path / "README.md")]
    # A policy whose name merely starts with one of the words is not skipped.
    (tmp_path / "readmission-policy.txt").write_text("x")
    assert str(tmp_path / "readmission-policy.txt") in paths(discover([tmp_path]))


def test_a_scan_output_folder_inside_the_scanned_folder_is_skipped(tmp_path):
    (tmp_path / "order.txt").write_text("x")
    (tmp_path / "summary.csv").write_text("path,department,status,problem,reason\n")
    (tmp_path / "summary.md").write_text("# report")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "order.md").write_text("Officers shall intervene (model language)")
    found = discover([tmp_path])
    assert paths(found) == [str(tmp_path / "order.txt")]
    assert {os.path.basename(s.path) for s in found.skipped} == {"summary.csv", "summary.md", "reports"}
    assert all("own output" in s.reason for s in found.skipped)
    # A folder that merely has a reports/ folder and a summary of its own is a policy folder.
    (tmp_path / "summary.csv").write_text("date,topic\n")
    assert str(tmp_path / "reports" / "order.md") in paths(discover([tmp_path]))


def test_symlinks_out_of_the_scanned_folders_are_skipped_unless_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("x")
    root = tmp_path / "dept"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "order.txt").write_text("x")
    (root / "etc").symlink_to(outside)
    (root / "file.txt").symlink_to(outside / "secret.txt")
    (root / "inside.txt").symlink_to(root / "sub" / "order.txt")  # stays in the tree: same file, once

    found = discover([root])
    assert paths(found) == [str(root / "inside.txt")]  # the first name of sub/order.txt in sorted order
    assert sorted(os.path.basename(s.path) for s in found.skipped) == ["etc", "file.txt"]
    assert all("--follow-links" in s.reason and str(outside) in s.reason for s in found.skipped)
    assert any("skipped 2: symlinks that leave the scanned folders" in n for n in found.notes)

    followed = discover([root], follow_links=True)
    # Followed, the outside file is read, once (two links lead to it).
    assert paths(followed) == [str(root / "etc" / "secret.txt"), str(root / "inside.txt")]
    assert followed.skipped == ()
    # Scanning the outside folder too makes the links part of the scanned tree.
    assert not discover([root, outside]).skipped


def test_pipes_and_sockets_met_in_a_walk_are_listed_as_skipped(tmp_path):
    import socket

    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s.sock"))
    except OSError:  # some file systems refuse sockets
        pass
    (tmp_path / "order.txt").write_text("x")
    found = discover([tmp_path])  # returns: a walk never opens what it skips
    sock.close()
    assert paths(found) == [str(tmp_path / "order.txt")]
    reasons = {os.path.basename(s.path): s.reason for s in found.skipped}
    assert "named pipe" in reasons["pipe.txt"]
    if (tmp_path / "s.sock").exists():
        assert "socket" in reasons["s.sock"]
    assert any("pipes, sockets or devices" in n for n in found.notes)
