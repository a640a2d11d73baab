"""Documents as journalists send them, built in memory for the import tests (original text; the
seed article is only ever read from ../shared)."""

import io

import docx

TITLE = "Water Deals on the Nile"
PARAGRAPHS = [
    "Egypt and Sudan signed a memorandum on Tuesday that sets out how the two countries will "
    "share data on the river’s flow.",
    "Officials in Cairo called the agreement “a first step”, while engineers in Khartoum said "
    "the details were still unclear.",
    "The deal does not mention Ethiopia, whose dam upstream is the reason both governments "
    "wanted it.",
]


_WORD_HEAD = (
    '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
    "<title>Document1</title>\n<style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt} --></style>\n"
    "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>x</o:Author>"
    "</o:DocumentProperties></xml><![endif]-->\n</head>"
)


def _word_paragraph(text: str) -> str:
    first_space_as_nbsp = text.replace(" ", "&nbsp;", 1)
    return (
        "<p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><span "
        f"style='font-size:12.0pt;font-family:\"Calibri\",sans-serif'>{first_space_as_nbsp}"
        "</span><o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    )


def _word_list_item(text: str, position: str) -> str:
    # Word types the bullet itself, in a span that only Word knows to hide.
    return (
        f"<p class=MsoListParagraphCxSp{position} style='text-indent:-18.0pt;"
        "mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>"
        "<span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>"
        f"&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>{text}<o:p></o:p></p>\n"
    )


def word_html(title: str = TITLE, byline: str = "By Amara Diallo and Jürgen Weiß") -> str:
    """HTML as Word puts it on the clipboard or saves it as a web page."""
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office">'
        f"{_WORD_HEAD}<body lang=EN-GB style='tab-interval:36.0pt'><div class=WordSection1>\n"
        f"<p class=MsoTitle>{title}<o:p></o:p></p>\n"
        f"<p class=MsoNormal><i>{byline}</i><o:p></o:p></p>\n"
        + "".join(_word_paragraph(text) for text in PARAGRAPHS)
        + _word_list_item("Flow data every week", "First")
        + _word_list_item("A joint technical committee", "Last")
        + "</div></body></html>"
    )


def google_docs_html(title: str = TITLE, byline: str = "By Amara Diallo") -> str:
    """HTML as Google Docs puts it on the clipboard: everything inside a normal-weight <b>."""
    paragraphs = "".join(
        f'<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span '
        f'style="font-size:11pt;font-family:Arial;font-weight:400;">{text}</span></p><br>'
        for text in PARAGRAPHS
    )
    return (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
        f'<p dir="ltr"><span style="font-size:20pt;font-weight:700;">{title}</span></p>'
        f'<p dir="ltr"><span style="font-style:italic;">{byline}</span></p>'
        f"{paragraphs}</b>"
    )


def markdown_text(title: str = TITLE, byline: str = "By Amara Diallo") -> str:
    body = "\n\n".join(PARAGRAPHS)
    return f"# {title}\n\n*{byline}*\n\n{body}\n\n## What comes next\n\n- Data\n- A committee\n"


def docx_bytes(title: str = TITLE, byline: str = "By Amara Diallo", *, image: bytes = b"") -> bytes:
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(byline)
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    document.add_heading("What comes next", level=1)
    document.add_paragraph("Data every week", style="List Bullet")
    document.add_paragraph("A committee", style="List Bullet")
    if image:
        document.add_picture(io.BytesIO(image))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
