"""The context every fixture file is rendered with: a few images, attachments, contacts."""

from app.markdown import AttachmentRef, ContactRef, ImageRef, MarkdownContext

IMAGES = {
    "road.jpg": ImageRef(
        "/media/vehicle-tax/road.jpg", "A busy road", "Traffic on the A1", "Northmere Roads"
    ),
    "plain.png": ImageRef("/media/plain.png", "A bar chart of rates"),
    "credit-only.png": ImageRef("/media/credit-only.png", "", credit="J Smith"),
}
ATTACHMENTS = {
    "form.pdf": AttachmentRef("/media/form.pdf", "Claim form (CF1)", "PDF", 245_760, 12),
    "data.csv": AttachmentRef("/media/data.csv", "Rates data", "CSV", 800),
}
CONTACTS = {
    "vehicle-tax": ContactRef(
        title="Vehicle tax enquiries",
        address=("Vehicle Agency", "Longford Road", "Northport", "NP1 4AA"),
        phones=(("Telephone", "0300 790 6802"), ("Textphone", "0300 123 1279")),
        hours=("Monday to Friday, 8am to 7pm", "Saturday, 8am to 2pm"),
        email="vehicle.tax@agency.gov.example",
    ),
    "email-only": ContactRef(title="Press office", email="press@agency.gov.example"),
}


def fixture_context() -> MarkdownContext:
    return MarkdownContext(
        site_host="www.gov.nm.example",
        images=IMAGES,
        attachments=ATTACHMENTS,
        contacts=CONTACTS,
    )
