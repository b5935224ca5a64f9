from common.importing import (
    PROGRESS_EVERY,
    WHOLE_ROW,
    ImportRejected,
    Tally,
    UniqueKey,
    check_file,
)

COLUMNS = ("code", "amount")


def clean(raw):
    errors = {}
    if not raw["code"]:
        errors["code"] = ["缺少代码"]
    if not raw["amount"].isdigit():
        errors.setdefault(WHOLE_ROW, []).append(f"金额“{raw['amount']}”无效")
    return {"code": raw["code"], "amount": raw["amount"]}, errors


UNIQUE = UniqueKey(
    of=lambda c: c["code"] or None, column="code", message=lambda k, r: f"{k} 与第 {r} 行重复"
)


def csv(*lines: str) -> bytes:
    return ("\n".join(["code,amount", *lines]) + "\n").encode()


def test_every_problem_is_named_with_the_row_a_reviewer_sees():
    check = check_file(
        data=csv("A,1", ",2", "B,x", "A,3", "C,4,surplus"),
        filename="f.csv",
        columns=COLUMNS,
        clean_row=clean,
        unique=UNIQUE,
    )
    assert not check.ok and check.bad_rows == 4
    assert check.errors == [
        "第 3 行 code：缺少代码",
        "第 4 行：金额“x”无效",
        "第 5 行 code：A 与第 2 行重复",
        "第 6 行：单元格多于表头列数。",
    ]
    assert check.row(2).clean == {"code": "A", "amount": "1"} and not check.row(2).errors


def test_a_good_file_passes_and_blank_lines_do_not_count():
    check = check_file(
        data=csv("A,1", ",", "B,2"), filename="f.csv", columns=COLUMNS, clean_row=clean
    )
    assert check.ok and [row.number for row in check.rows] == [2, 4]


def test_an_unreadable_or_empty_file_is_one_problem_of_the_file():
    assert check_file(data=csv(), filename="f.csv", columns=COLUMNS, clean_row=clean).errors == [
        "文件中没有数据行。"
    ]
    wrong = check_file(data=b"x\n1\n", filename="f.csv", columns=COLUMNS, clean_row=clean)
    assert not wrong.rows and "表头缺少列" in wrong.errors[0]


def test_progress_is_reported_in_steps_and_at_the_end():
    seen = []
    lines = [f"K{n},{n}" for n in range(PROGRESS_EVERY + 3)]
    check_file(
        data=csv(*lines),
        filename="f.csv",
        columns=COLUMNS,
        clean_row=clean,
        progress=lambda *a: seen.append(a),
    )
    total = PROGRESS_EVERY + 3
    assert seen == [("check", PROGRESS_EVERY, total), ("check", total, total)]


def test_the_rejection_carries_the_check():
    check = check_file(data=csv(",1"), filename="f.csv", columns=COLUMNS, clean_row=clean)
    rejected = ImportRejected(check)
    assert rejected.errors == rejected.messages == ["第 2 行 code：缺少代码"]
    assert rejected.check is check


def test_a_tally_changed_only_when_something_was_written():
    assert not Tally(unchanged=5).changed
    assert Tally(removed=1).changed
