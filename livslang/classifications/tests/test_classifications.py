"""ISCED-F 2013 and NUS2000: loading, names per language, idempotence, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from livslang.classifications.models import IscedField, NusCode
from livslang.classifications.services import (
    ISCED_FILE,
    NUS_FILE,
    load_classifications,
    load_isced_fields,
)
from livslang.geo.services import DATA_DIR


@pytest.fixture
def loaded(db: None) -> None:
    load_classifications(data_dir=DATA_DIR)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in (ISCED_FILE, NUS_FILE):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.django_db
def test_load_counts_and_is_idempotent() -> None:
    counts = load_classifications(data_dir=DATA_DIR)
    assert counts["isced_fields"].created == 220
    assert counts["nus_codes"].created == 20
    assert IscedField.objects.broad().count() == 12
    assert IscedField.objects.narrow().count() == 58
    assert IscedField.objects.detailed().count() == 150
    again = load_classifications(data_dir=DATA_DIR)
    assert not again["isced_fields"].changed and again["isced_fields"].unchanged == 220
    assert not again["nus_codes"].changed and again["nus_codes"].unchanged == 20


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_isced_hierarchy_keeps_leading_zeros() -> None:
    detailed = IscedField.objects.get(code="0011")
    assert detailed.level == IscedField.Level.DETAILED
    assert detailed.parent is not None and detailed.parent.code == "001"
    assert detailed.parent.parent is not None and detailed.parent.parent.code == "00"
    assert detailed.parent.parent.parent is None
    assert IscedField.objects.get(code="06").children.count() >= 1


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_name_for_each_language_with_nynorsk_falling_back_to_bokmal() -> None:
    field = IscedField.objects.get(code="00")
    assert field.name_for("en") == "Generic programmes and qualifications"
    assert field.name_for("nb") == "Generelle programmer og kvalifikasjoner"
    assert field.name_for("nn") == field.name_nb
    assert field.name_for("da") == "Generelle programmer og kvalifikationer"
    assert field.name_for("de") == field.name_en
    with translation.override("da"):
        assert field.name_for() == field.name_da
        assert str(field) == f"00 {field.name_da}"


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
def test_nus_codes_have_a_level_and_a_field_dimension() -> None:
    assert NusCode.objects.filter(dimension=NusCode.Dimension.LEVEL).count() == 10
    assert NusCode.objects.filter(dimension=NusCode.Dimension.FIELD).count() == 10
    level = NusCode.objects.get(dimension="level", code="2")
    assert level.name_nb == "Ungdomsskoleutdanning" and level.note_nb == "8.-10. klassetrinn"
    assert level.digit_position == 1
    assert NusCode.objects.get(dimension="field", code="0").digit_position == 2


@pytest.mark.django_db
def test_a_changed_label_is_updated(data_copy: Path) -> None:
    load_classifications(data_dir=DATA_DIR)
    path = data_copy / ISCED_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Generic programmes and qualifications,", "Generic,", 1))
    counts = load_isced_fields(path=path)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 219)
    assert IscedField.objects.get(code="00").name_en == "Generic"


@pytest.mark.django_db
def test_a_bad_row_names_file_line_and_column(data_copy: Path) -> None:
    path = data_copy / ISCED_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",detailed,", ",broad,", 1)  # 0000 claims to be broad
    path.write_text("".join(lines))
    with pytest.raises(ValidationError) as caught:
        load_classifications(data_dir=data_copy)
    assert caught.value.messages[0].startswith("isced_f_2013.csv, line 4, column parent_code")
    assert not IscedField.objects.exists()


@pytest.mark.django_db
def test_a_code_that_does_not_fit_its_level_is_refused(data_copy: Path) -> None:
    path = data_copy / ISCED_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("0000,detailed,000,", "0000,broad,,", 1)
    path.write_text("".join(lines))
    with pytest.raises(ValidationError) as caught:
        load_classifications(data_dir=data_copy)
    assert caught.value.messages == [
        "isced_f_2013.csv, line 4, column code: A broad field has a code of 2 digits."
    ]
