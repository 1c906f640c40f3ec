"""PDF/X-1a:2003 for press output: the output intent and the document keys a print shop checks."""

from __future__ import annotations

from generator.errors import SettingsError
from generator.pdf import rl
from generator.records import frozen


@frozen
class OutputIntent:
    """A registered characterisation (no ICC profile needed: the shop's RIP knows it by name)."""

    identifier: str
    condition: str
    info: str


REGISTRY = "http://www.color.org"
OUTPUT_INTENTS: dict[str, OutputIntent] = {
    "fogra39": OutputIntent(
        "FOGRA39",
        "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated)",
        "Coated FOGRA39 (ISO 12647-2:2004)",
    ),
    "fogra51": OutputIntent(
        "FOGRA51", "Offset printing, ISO 12647-2:2013, paper type PS1 (premium coated)", "PSO Coated v3 (FOGRA51)"
    ),
    "gracol2006": OutputIntent(
        "CGATS TR 006", "Offset printing, GRACoL 2006, grade 1 coated paper", "GRACoL2006_Coated1 (CGATS TR 006)"
    ),
    "cgats21": OutputIntent(
        "CGATS21_CRPC6", "CGATS 21-2, reference printing condition CRPC6 (coated)", "CRPC6 (CGATS 21-2)"
    ),
}
# ISO 15930-4: a PDF/X-1a:2003 file names the PDF/X-1:2003 family and the X-1a conformance level.
PDFX_VERSION = "PDF/X-1:2003"
PDFX_CONFORMANCE = "PDF/X-1a:2003"


def output_intent(name: str) -> OutputIntent:
    try:
        return OUTPUT_INTENTS[name.lower()]
    except KeyError:
        raise SettingsError(f"unknown output intent '{name}': expected one of {', '.join(OUTPUT_INTENTS)}") from None


def apply_pdfx(canvas, intent: OutputIntent) -> None:
    """Add the OutputIntents array and the GTS_PDFX keys to a ReportLab canvas's document."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFString

    rl.add_to_catalog(
        canvas,
        "OutputIntents",
        PDFArray(
            [
                PDFDictionary(
                    {
                        "Type": PDFName("OutputIntent"),
                        "S": PDFName("GTS_PDFX"),
                        "OutputConditionIdentifier": PDFString(intent.identifier),
                        "OutputCondition": PDFString(intent.condition),
                        "RegistryName": PDFString(REGISTRY),
                        "Info": PDFString(intent.info),
                    }
                )
            ]
        ),
    )

    class _PdfxInfo(PDFInfo):
        def format(self, document):
            from reportlab.pdfbase.pdfdoc import PDFDate

            stamp, formatter = rl.timestamp_of(document), rl.date_formatter(self)

            values = {
                "Title": PDFString(self.title),
                "Author": PDFString(self.author),
                "Subject": PDFString(self.subject),
                "Keywords": PDFString(self.keywords),
                "Creator": PDFString(self.creator),
                "Producer": PDFString(self.producer),
                "CreationDate": PDFDate(ts=stamp, dateFormatter=formatter),
                "ModDate": PDFDate(ts=stamp, dateFormatter=formatter),
                "Trapped": PDFName("False"),
                "GTS_PDFXVersion": PDFString(PDFX_VERSION),
                "GTS_PDFXConformance": PDFString(PDFX_CONFORMANCE),
            }
            return PDFDictionary(values).format(document)

    rl.replace_info(canvas, _PdfxInfo())
