"""Real PDF, Word and HTML files for the loader tests, made with reportlab and python-docx."""

from __future__ import annotations

from pathlib import Path

POND = (
    "Ponds hold still water that warms quickly in spring. Frogs lay their eggs in the "
    "shallow margins where the water is warmest, and the tadpoles hatch after two weeks. "
)
DRAGONFLY = (
    "Dragonflies hunt midges over the water on sunny afternoons and rest on the reeds at "
    "dusk. A dragonfly larva lives underwater for up to three years before it climbs out. "
)
LILY = (
    "Water lilies shade the surface and keep algae down in summer. Their roots grow in the "
    "mud at the bottom of the pond, often a metre below the surface. "
)
NEWT = (
    "Great crested newts return to the same pond every March to breed. The females wrap "
    "each egg in a folded leaf of water mint or starwort to hide it from fish. "
)


def make_pdf(path: Path, *, title: str | None = "Field Guide to Ponds") -> Path:
    """A three-page PDF: a title, headings in larger type, body paragraphs, a page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()

    def page_number(canvas, doc):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(290, 30, str(doc.page))

    kwargs = {"title": title} if title else {}
    doc = SimpleDocTemplate(str(path), pagesize=A4, **kwargs)
    story = [
        Paragraph("Field Guide to Ponds", styles["Title"]),
        Paragraph("Life in the shallows", styles["Heading1"]),
        Paragraph(POND * 2, styles["BodyText"]),
        Paragraph(DRAGONFLY * 2, styles["BodyText"]),
        PageBreak(),
        Paragraph("Plants", styles["Heading1"]),
        Paragraph("Water lilies", styles["Heading2"]),
        Paragraph(LILY * 2, styles["BodyText"]),
        PageBreak(),
        Paragraph("Amphibians", styles["Heading1"]),
        Paragraph(NEWT * 2, styles["BodyText"]),
    ]
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path


def make_encrypted_pdf(path: Path) -> Path:
    """A PDF that opens only with a user password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption("secret-user-password", canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(100, 750, "Nobody reads this without the password, which is a pity.")
    c.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF with drawings only: no text layer, as a scan without OCR."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(20):
        c.rect(50 + 10 * i, 400, 8, 200 - 5 * i, fill=1)
    c.save()
    return path


def make_docx(path: Path) -> Path:
    """A Word file with a Title, two heading levels, a bulleted list and a table."""
    import docx

    d = docx.Document()
    d.add_heading("Bicycle Maintenance", 0)
    d.add_paragraph("A short guide for commuters who ride every day and want a quiet, reliable bike.")
    d.add_heading("Tyres", 1)
    d.add_paragraph("Check the pressure once a week. Road tyres need between 80 and 100 psi, "
                    "while a city bike with wide tyres rides best at about 50 psi.")
    d.add_paragraph("a track pump with a gauge", style="List Bullet")
    d.add_paragraph("two plastic tyre levers", style="List Bullet")
    d.add_heading("Chain", 1)
    d.add_heading("Cleaning", 2)
    d.add_paragraph("Wipe the chain with a rag after wet rides and oil it every 300 kilometres.")
    table = d.add_table(rows=3, cols=2)
    for r, (part, every) in enumerate([("Part", "Replace every"), ("Chain", "3000 km"),
                                       ("Brake pads", "2000 km")]):
        table.cell(r, 0).text, table.cell(r, 1).text = part, every
    d.add_paragraph("Replace a stretched chain early and the cassette lasts twice as long.")
    d.save(str(path))
    return path


PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Installing Widgetron — Widgetron 2.1 documentation</title>
<style>body { color: #333 } .secret-style-rule { display: none }</style>
<script>var tracker = "secret-script-text"; function consent() {}</script>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 <button>Accept all cookies</button></div>
<header><nav><a href="/">Home</a> <a href="/docs">Documentation</a> <a href="/blog">Blog</a>
 <a href="/pricing">Pricing</a></nav></header>
<aside class="sidebar"><ul><li><a href="intro">Introduction to Widgetron</a></li>
 <li><a href="install">Installing Widgetron</a></li></ul></aside>
<main><article>
<h1>Installing Widgetron</h1>
<p>Widgetron is a small library for drawing widgets on <a href="https://example.org/screens">
screens</a>. This page explains how to install it on Linux, macOS and Windows computers.</p>
<h2>Requirements</h2>
<p>You need Python 3.10 or newer and a C compiler. On Debian, install <code>build-essential</code>
first, because the renderer is compiled when the package is installed.</p>
<ul><li>Python 3.10 or newer</li><li>A C compiler such as GCC or Clang</li></ul>
<h2>Installing with pip</h2>
<p>Run the following command in a terminal window to fetch the latest release:</p>
<pre><code>pip install widgetron
# check the version
widgetron --version</code></pre>
<h3>Upgrading</h3>
<p>To upgrade an existing installation, pass the <strong>upgrade</strong> flag to pip. The
configuration file in your home folder is kept across upgrades.</p>
<table><tr><th>Platform</th><th>Command</th></tr>
<tr><td>Linux</td><td>pip install widgetron</td></tr>
<tr><td>Windows</td><td>py -m pip install widgetron</td></tr></table>
</article></main>
<footer>Copyright 2024 Widget Corp. All rights reserved. <a href="/privacy">Privacy policy</a>
</footer></body></html>
"""
