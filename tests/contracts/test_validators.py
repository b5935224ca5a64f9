from contracts import validators


def test_the_pdf_check_reads_the_bytes():
    assert validators.attachment_problem("a.pdf", 10, b"%PDF-") is None
    assert "PDF" in validators.attachment_problem("a.pdf", 10, b"<html")
    assert validators.attachment_problem("a.pdf", 0, b"") is not None
