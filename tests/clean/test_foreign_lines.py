"""Persian text is never 'repaired' by the Arabic merged-word step, nor tagged by the Arabic
CRF (user-test finding on the Varzesh3 page)."""

from __future__ import annotations

from mawsua.annotate.ner import predict_spans
from mawsua.clean import merged

PERSIAN = "او آماده همکاری با تیم است و اینکه جانشین او همراه با مربی انجام شد."


def test_persian_line_is_not_split() -> None:
    assert merged.edits(PERSIAN) == []
    # an Arabic line next to it is still repaired
    found = merged.edits(PERSIAN + "\nوقع الاتفاق فيالحربين.")
    assert [e.replacement for e in found] == ["في الحربين."]


def test_persian_sentence_is_not_tagged() -> None:
    assert predict_spans("تیم ملی ایران خواهد داشت بازی مهمی در تهران.") == []
