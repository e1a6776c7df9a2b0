"""Uploading and downloading medical documents: real type from the bytes, size limit, scoped download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from records.models import MedicalDocument
from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose text pypdf can extract again."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(client, visit, name: str, data: bytes, content_type: str = "application/pdf", **fields):
    body = {
        "medical_record": visit.pk,
        "title": "Hasil lab",
        "document_type": "lab_report",
        "file": SimpleUploadedFile(name, data, content_type=content_type),
        **fields,
    }
    return client.post("/medical-documents/", body, format="multipart")


def download_body(response) -> bytes:
    return b"".join(response.streaming_content)


class TestUpload:
    def test_pdf_is_stored_under_a_random_name_and_its_text_extracted(self, staff_api, visit, settings):
        pdf = make_pdf("HbA1c 7.2 persen")
        response = upload(staff_api, visit, "hasil lab Budi.pdf", pdf)
        assert response.status_code == 201, response.data
        assert response.data["file_content_type"] == "application/pdf"
        assert response.data["file_size"] == len(pdf)
        assert response.data["original_filename"] == "hasil lab Budi.pdf"
        assert response.data["has_file"] is True
        assert response.data["download_url"] == f"/medical-documents/{response.data['id']}/download"
        assert "file" not in response.data  # no direct media URL that would skip the scope check
        document = MedicalDocument.objects.get(pk=response.data["id"])
        assert "HbA1c 7.2 persen" in document.content
        assert document.file.name.startswith("medical-documents/") and "Budi" not in document.file.name
        assert document.file.name.endswith(".pdf")
        assert document.file.path.startswith(str(settings.MEDIA_ROOT))

    def test_given_content_is_kept(self, staff_api, visit):
        response = upload(staff_api, visit, "a.pdf", make_pdf("teks pdf"), content="Ringkasan manual")
        assert response.status_code == 201, response.data
        assert response.data["content"] == "Ringkasan manual"

    def test_text_file(self, staff_api, visit):
        text = "Catatan klinis: tekanan darah 130/85 — kontrol 2 minggu.".encode()
        response = upload(staff_api, visit, "catatan.txt", text, content_type="text/plain")
        assert response.status_code == 201, response.data
        assert response.data["file_content_type"] == "text/plain"
        assert MedicalDocument.objects.get(pk=response.data["id"]).content.startswith("Catatan klinis")

    def test_oversize_is_400(self, staff_api, visit, settings):
        settings.MEDICAL_DOCUMENT_MAX_BYTES = 1024
        response = upload(staff_api, visit, "besar.txt", b"a" * 1025, content_type="text/plain")
        assert response.status_code == 400 and "file" in response.data
        assert not MedicalDocument.all_objects.exists()

    def test_exactly_the_limit_is_fine(self, staff_api, visit, settings):
        settings.MEDICAL_DOCUMENT_MAX_BYTES = 1024
        assert upload(staff_api, visit, "pas.txt", b"a" * 1024, content_type="text/plain").status_code == 201

    @pytest.mark.parametrize(
        "data",
        [
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # a Windows executable
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            b"\xff\xfe\xfa\xfb not utf-8",
            b"text with a \x00 NUL byte",
        ],
    )
    def test_other_types_disguised_as_pdf_are_400(self, staff_api, visit, data):
        response = upload(staff_api, visit, "laporan.pdf", data, content_type="application/pdf")
        assert response.status_code == 400 and "file" in response.data
        assert not MedicalDocument.all_objects.exists()

    @pytest.mark.parametrize("data", [b"%PDF-1.4\ngarbage that is not a pdf", b"%PDF-"])
    def test_corrupt_pdf_is_400_not_500(self, staff_api, visit, data):
        response = upload(staff_api, visit, "rusak.pdf", data)
        assert response.status_code == 400 and "file" in response.data
        assert not MedicalDocument.all_objects.exists()

    def test_empty_file_is_400(self, staff_api, visit):
        response = upload(staff_api, visit, "kosong.txt", b"", content_type="text/plain")
        assert response.status_code == 400 and "file" in response.data

    def test_a_pdf_named_txt_is_a_pdf(self, staff_api, visit):
        response = upload(staff_api, visit, "surat.txt", make_pdf("rujukan"), content_type="text/plain")
        assert response.status_code == 201, response.data
        assert response.data["file_content_type"] == "application/pdf"
        assert MedicalDocument.objects.get(pk=response.data["id"]).file.name.endswith(".pdf")

    def test_path_in_the_file_name_is_dropped(self, staff_api, visit):
        response = upload(staff_api, visit, "../../etc/passwd.txt", b"isi", content_type="text/plain")
        assert response.status_code == 201, response.data
        assert response.data["original_filename"] == "passwd.txt"

    def test_replacing_the_file_keeps_the_old_version_in_history(self, staff_api, visit):
        created = upload(staff_api, visit, "v1.txt", b"versi satu", content_type="text/plain").data
        file_body = {"file": SimpleUploadedFile("v2.txt", b"versi dua", content_type="text/plain"), "content": ""}
        response = staff_api.patch(f"/medical-documents/{created['id']}", file_body, format="multipart")
        assert response.status_code == 200, response.data
        document = MedicalDocument.objects.get(pk=created["id"])
        assert document.content == "versi dua"
        assert document.history.order_by("history_id").first().content == "versi satu"

    def test_a_multipart_body_without_a_named_part_is_400_and_changes_nothing(self, staff_api, visit):
        created = upload(staff_api, visit, "v1.txt", b"versi satu", content_type="text/plain").data
        boundary = "a222103b9b30b1f9e8be6882ecedb1d2"
        body = f"--{boundary}\r\n[]--{boundary}--\r\n"
        response = staff_api.generic(
            "PATCH", f"/medical-documents/{created['id']}", body, f"multipart/form-data; boundary={boundary}"
        )
        assert response.status_code == 400 and "detail" in response.json()
        assert MedicalDocument.objects.get(pk=created["id"]).content == "versi satu"


class TestDownload:
    @pytest.fixture
    def document(self, staff_api, visit):
        response = upload(staff_api, visit, 'hasil "lab"\r\nX-Evil: 1.pdf', make_pdf("HbA1c"))
        assert response.status_code == 201, response.data
        return MedicalDocument.objects.get(pk=response.data["id"])

    @pytest.mark.parametrize("role", ["admin", "doctor", "staff"])
    def test_petugas_download_the_file(self, role_client, document, role):
        response = role_client(role).get(f"/medical-documents/{document.pk}/download")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert download_body(response) == document.file.open("rb").read()

    def test_content_disposition_is_a_safe_attachment(self, doctor_api, document):
        response = doctor_api.get(f"/medical-documents/{document.pk}/download/")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "\r" not in disposition and "\n" not in disposition and "X-Evil:" not in response.headers
        assert '"lab"' not in disposition

    def test_text_download_is_utf8(self, doctor_api, staff_api, visit):
        created = upload(staff_api, visit, "catatan.txt", "tekanan darah — naik".encode(), content_type="text/plain")
        response = doctor_api.get(f"/medical-documents/{created.data['id']}/download")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert 'filename="catatan.txt"' in response["Content-Disposition"]

    def test_voided_document_is_404_except_for_admins_who_ask(self, admin_api, doctor_api, document):
        admin_api.delete(f"/medical-documents/{document.pk}")
        assert doctor_api.get(f"/medical-documents/{document.pk}/download").status_code == 404
        assert doctor_api.get(f"/medical-documents/{document.pk}/download?include_voided=1").status_code == 404
        assert admin_api.get(f"/medical-documents/{document.pk}/download").status_code == 404
        assert admin_api.get(f"/medical-documents/{document.pk}/download?include_voided=1").status_code == 200

    def test_document_of_a_voided_patient_is_404(self, admin_api, doctor_api, document):
        admin_api.delete(f"/patients/{document.patient_id}")
        assert doctor_api.get(f"/medical-documents/{document.pk}/download").status_code == 404

    def test_document_without_a_file_is_404(self, doctor_api):
        document = factories.MedicalDocumentFactory()
        assert doctor_api.get(f"/medical-documents/{document.pk}/download").status_code == 404

    def test_missing_file_on_disk_is_404(self, doctor_api, document):
        document.file.storage.delete(document.file.name)
        assert doctor_api.get(f"/medical-documents/{document.pk}/download").status_code == 404

    def test_patient_account_and_anonymous_cannot_download(self, make_user, client_for, api_client, document):
        owner = make_user(None)
        document.patient.user = owner
        document.patient.save()
        assert client_for(owner).get(f"/medical-documents/{document.pk}/download").status_code == 403
        assert api_client.get(f"/medical-documents/{document.pk}/download").status_code == 401
