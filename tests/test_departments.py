"""Departments: grouping rules, the groups CSV, and best-document-wins grades."""

from __future__ import annotations

import pytest

from policy_audit.departments import GroupBy, grouping, summarize
from policy_audit.errors import UsageError
from policy_audit.findings import AuditResult, DocumentInfo, Evidence, Finding, Grade, Scale, Status


def result(path, group, grade, status=Status.OK):
    ev = (Evidence(page=3, section="300.2", quote=f"quote in {path}", grade=grade),) if grade.rank else ()
    findings = (Finding("intervene.duty", Scale.OBLIGATION, grade, ev),) if status is Status.OK else ()
    return AuditResult(DocumentInfo(path), "core", findings=findings, status=status, group=group)


def test_folder_grouping_uses_the_parent_folder_name(tmp_path):
    g = grouping(GroupBy.folder)
    assert g.group_of("corpus/il/bloomington/101.pdf") == "bloomington"
    assert g.group_of(str(tmp_path / "top.pdf")) == tmp_path.name
    assert grouping(GroupBy.file).group_of("x/y/101.pdf") == "101.pdf"
    assert grouping(GroupBy.none).group_of("x/y/101.pdf") == ""


def test_groups_csv_paths_are_relative_to_the_csv_and_unlisted_files_fall_back(tmp_path):
    (tmp_path / "orders" / "north").mkdir(parents=True)
    csv = tmp_path / "meta" / "groups.csv"
    csv.parent.mkdir()
    a = tmp_path / "orders" / "a.pdf"
    csv.write_text(f"path,department\n../orders/a.pdf,Village of A\n{tmp_path / 'orders' / 'north'},Northside PD\n")
    g = grouping(GroupBy.folder, csv)
    assert g.group_of(str(a)) == "Village of A"
    assert g.group_of(str(tmp_path / "orders" / "north" / "x.pdf")) == "Northside PD"
    assert g.group_of(str(tmp_path / "orders" / "b.pdf")) == "orders"


def test_a_groups_csv_without_the_columns_is_a_usage_error(tmp_path):
    bad = tmp_path / "g.csv"
    bad.write_text("file,dept\na.pdf,A\n")
    with pytest.raises(UsageError, match="path,department"):
        grouping(GroupBy.folder, bad)
    with pytest.raises(UsageError, match="cannot read"):
        grouping(GroupBy.folder, tmp_path / "missing.csv")


def test_department_grade_is_the_best_ok_document_with_its_evidence():
    results = [
        result("d/1.pdf", "d", Grade.ABSENT),
        result("d/2.pdf", "d", Grade.WEAK),
        result("d/3.pdf", "d", Grade.STRONG),
        result("d/4.pdf", "d", Grade.WEAK),
        result("e/1.pdf", "e", Grade.ABSENT),
        result("e/2.pdf", "e", Grade.ABSENT, status=Status.ERROR),
    ]
    groups = summarize(results, [("intervene.duty", Scale.OBLIGATION), ("medical.aid", Scale.OBLIGATION)])
    assert [g.name for g in groups] == ["d", "e"]
    d, e = groups
    assert d.documents == ("d/1.pdf", "d/2.pdf", "d/3.pdf", "d/4.pdf")
    duty = d.grades[0]
    assert (duty.criterion, duty.grade, duty.document) == ("intervene.duty", Grade.STRONG, "d/3.pdf")
    assert duty.evidence.quote == "quote in d/3.pdf"
    assert d.grades[1].grade is Grade.ABSENT and d.grades[1].document == ""
    assert e.grades[0].grade is Grade.ABSENT and e.grades[0].evidence is None
    assert e.documents == ("e/1.pdf", "e/2.pdf")
